-- Payment methods as specified. A new table payment_method lists every payment method identifier (the
-- "method" auth-param of draft-httpauth-payment) that has a published method specification: the method
-- drafts of tempoxyz/mpp-specs (specs/methods/, as of August 2026) and the methods the official SDKs
-- implement (wevm/mppx: tempo, stripe, evm; tempoxyz/mpp-rs and tempoxyz/pympp: tempo, stripe;
-- tempoxyz/mpp-go: tempo; every one of them also has a draft). It is the one list: everything below
-- reads it, and a method specified later is a row added by a later migration.
--
-- Method names stay as found everywhere (scan_result.methods, endpoint_probe.methods,
-- run_method_summary). What changes is how they are counted:
--   payment_method_class(name)   now reads payment_method ('other' for a name it does not hold);
--   payment_method_specified()   new: whether a name has a published method specification;
--   run_summary.verified_other_method
--                                new: verified domains offering at least one method without one (a
--                                site's own word such as "crypto", or "dynamic", which describes pricing);
--   refresh_run_summary()        as in V6, plus that column;
--   view run_methods             counts specified methods by name and all others together in one row
--                                named 'other' (domains: verified_other_method), whose new column
--                                other_names lists the names as found; intents as before.

CREATE TABLE payment_method (
    name            text   PRIMARY KEY CHECK (name ~ '^[a-z]+$'),
    method_class    text   NOT NULL CHECK (method_class IN ('stablecoin', 'card', 'lightning')),
    specifications  text[] NOT NULL,
    sdks            text[] NOT NULL DEFAULT '{}'
);

COMMENT ON TABLE payment_method IS 'Payment methods with a published method specification: the method drafts '
    'of tempoxyz/mpp-specs (specs/methods/) and the methods of the official SDKs (wevm/mppx, tempoxyz/mpp-rs, '
    'tempoxyz/pympp, tempoxyz/mpp-go). Names are compared exactly: method identifiers are lowercase letters.';
COMMENT ON COLUMN payment_method.specifications IS 'the method drafts defining it, by docname';
COMMENT ON COLUMN payment_method.sdks IS 'the official SDKs implementing it (GitHub owner/name)';

INSERT INTO payment_method (name, method_class, specifications, sdks) VALUES
    ('tempo',       'stablecoin', '{draft-tempo-charge-00,draft-tempo-session-00,draft-tempo-subscription-00}',
                                  '{wevm/mppx,tempoxyz/mpp-rs,tempoxyz/pympp,tempoxyz/mpp-go}'),
    ('stripe',      'card',       '{draft-stripe-charge-00,draft-stripe-subscription-00}',
                                  '{wevm/mppx,tempoxyz/mpp-rs,tempoxyz/pympp}'),
    ('evm',         'stablecoin', '{draft-evm-charge-00,draft-evm-session-00}', '{wevm/mppx}'),
    ('card',        'card',       '{draft-card-charge-00}', '{}'),
    ('solana',      'stablecoin', '{draft-solana-charge-00,draft-solana-session-00}', '{}'),
    ('stellar',     'stablecoin', '{draft-stellar-charge-00}', '{}'),
    ('hedera',      'stablecoin', '{draft-hedera-charge-00,draft-hedera-session-00}', '{}'),
    ('usdc',        'stablecoin', '{draft-usdc-charge-00}', '{}'),
    ('nearintents', 'stablecoin', '{draft-nearintents-charge-01}', '{}'),
    ('lightning',   'lightning',  '{draft-lightning-charge-00,draft-lightning-session-00}', '{}');

-- Whether a method name as found has a published method specification (exact, case-sensitive match).
CREATE FUNCTION payment_method_specified(method text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT 1 FROM payment_method p WHERE p.name = method)
$$;

-- The class of a method: stablecoin, card or lightning from payment_method; 'other' for any other name.
CREATE OR REPLACE FUNCTION payment_method_class(method text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce((SELECT p.method_class FROM payment_method p WHERE p.name = method), 'other')
$$;

ALTER TABLE run_summary ADD COLUMN verified_other_method bigint NOT NULL DEFAULT 0;

-- As in V6, plus verified_other_method.
CREATE OR REPLACE FUNCTION refresh_run_summary(p_run_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('mpp-census run_summary'), hashtext(p_run_id::text));
    DELETE FROM run_summary WHERE run_id = p_run_id;
    DELETE FROM run_method_summary WHERE run_id = p_run_id;

    INSERT INTO run_summary (run_id, rank_bucket, domains, scanned, reachable, ai_agent_json, declared,
            declared_well_known, declared_link, declared_openapi, verified, stub, x402_confused, invalid,
            endpoint_unreachable, declared_unchecked, session_capable, x402_declared, declared_x402_well_known,
            auth_required, needs_input, verified_mainnet, verified_testnet, verified_other_method)
    WITH per_domain AS (
        SELECT CASE WHEN coalesce(d.rank, d.line_no) <= 1000 THEN 1
                    WHEN coalesce(d.rank, d.line_no) <= 10000 THEN 2
                    WHEN coalesce(d.rank, d.line_no) <= 100000 THEN 3
                    WHEN coalesce(d.rank, d.line_no) <= 1000000 THEN 4
                    ELSE 5 END AS bucket,
               s.*
          FROM run_domain d
          LEFT JOIN scan_result s ON s.run_id = d.run_id AND s.domain = d.domain
         WHERE d.run_id = p_run_id
    ), per_bucket AS (
        SELECT bucket,
               count(*) AS domains,
               count(domain) AS scanned,
               count(*) FILTER (WHERE reachable) AS reachable,
               count(*) FILTER (WHERE well_known_document IS NOT NULL AND well_known_document <> 'absent') AS ai_agent_json,
               count(*) FILTER (WHERE cardinality(declared_via) > 0) AS declared,
               count(*) FILTER (WHERE 'well_known' = ANY (declared_via)) AS declared_well_known,
               count(*) FILTER (WHERE 'link' = ANY (declared_via)) AS declared_link,
               count(*) FILTER (WHERE 'openapi' = ANY (declared_via)) AS declared_openapi,
               count(*) FILTER (WHERE domain_verdict = 'verified') AS verified,
               count(*) FILTER (WHERE domain_verdict = 'stub') AS stub,
               count(*) FILTER (WHERE domain_verdict = 'x402_confused') AS x402_confused,
               count(*) FILTER (WHERE domain_verdict = 'invalid') AS invalid,
               count(*) FILTER (WHERE domain_verdict = 'endpoint_unreachable') AS endpoint_unreachable,
               count(*) FILTER (WHERE domain_verdict = 'declared_unchecked') AS declared_unchecked,
               count(*) FILTER (WHERE session_supported) AS session_capable,
               count(*) FILTER (WHERE x402_declared) AS x402_declared,
               count(*) FILTER (WHERE 'x402_well_known' = ANY (declared_via)) AS declared_x402_well_known,
               count(*) FILTER (WHERE domain_verdict = 'auth_required') AS auth_required,
               count(*) FILTER (WHERE domain_verdict = 'needs_input') AS needs_input,
               count(*) FILTER (WHERE domain_verdict = 'verified' AND 'mainnet' = ANY (networks)) AS verified_mainnet,
               count(*) FILTER (WHERE domain_verdict = 'verified' AND 'testnet' = ANY (networks)) AS verified_testnet,
               count(*) FILTER (WHERE domain_verdict = 'verified' AND EXISTS (
                   SELECT 1 FROM unnest(methods) m WHERE NOT payment_method_specified(m))) AS verified_other_method
          FROM per_domain GROUP BY bucket
    ), buckets (rank_bucket, upto) AS (
        VALUES ('top1k', 1), ('top10k', 2), ('top100k', 3), ('top1m', 4), ('all', 5)
    )
    SELECT p_run_id, b.rank_bucket,
           coalesce(sum(p.domains), 0), coalesce(sum(p.scanned), 0), coalesce(sum(p.reachable), 0),
           coalesce(sum(p.ai_agent_json), 0), coalesce(sum(p.declared), 0), coalesce(sum(p.declared_well_known), 0),
           coalesce(sum(p.declared_link), 0), coalesce(sum(p.declared_openapi), 0), coalesce(sum(p.verified), 0),
           coalesce(sum(p.stub), 0), coalesce(sum(p.x402_confused), 0), coalesce(sum(p.invalid), 0),
           coalesce(sum(p.endpoint_unreachable), 0), coalesce(sum(p.declared_unchecked), 0),
           coalesce(sum(p.session_capable), 0), coalesce(sum(p.x402_declared), 0),
           coalesce(sum(p.declared_x402_well_known), 0), coalesce(sum(p.auth_required), 0),
           coalesce(sum(p.needs_input), 0), coalesce(sum(p.verified_mainnet), 0), coalesce(sum(p.verified_testnet), 0),
           coalesce(sum(p.verified_other_method), 0)
      FROM buckets b LEFT JOIN per_bucket p ON p.bucket <= b.upto
     GROUP BY b.rank_bucket;

    INSERT INTO run_method_summary (run_id, kind, name, domains)
    SELECT p_run_id, 'method', m, count(*) FROM scan_result, unnest(methods) m
     WHERE run_id = p_run_id AND domain_verdict = 'verified' GROUP BY m
    UNION ALL
    SELECT p_run_id, 'intent', i, count(*) FROM scan_result, unnest(intents) i
     WHERE run_id = p_run_id AND domain_verdict = 'verified' GROUP BY i;
END
$$;

-- Only runs whose verified domains name a method without a specification change; the others keep 0.
SELECT refresh_run_summary(run_id)
  FROM (SELECT DISTINCT run_id FROM run_method_summary
         WHERE kind = 'method' AND NOT payment_method_specified(name)) AS runs;

-- Methods and intents among a run's verified domains. A method with a published specification has its
-- own row; all others share one row named 'other' (domains: verified domains offering at least one of
-- them, counted once), with other_names listing them as found, most offered first. Per-name counts of
-- every method as found stay in run_method_summary.
CREATE OR REPLACE VIEW run_methods AS
SELECT r.id AS run_id, r.run_date, r.list_name, m.kind, m.name,
       CASE WHEN m.kind = 'method' THEN payment_method_class(m.name) END AS method_class,
       m.domains, s.verified,
       round(m.domains::numeric / nullif(s.verified, 0), 6) AS share_of_verified,
       NULL::text[] AS other_names
  FROM run_method_summary m
  JOIN census_run r ON r.id = m.run_id
  JOIN run_summary s ON s.run_id = m.run_id AND s.rank_bucket = 'all'
 WHERE m.kind = 'intent' OR payment_method_specified(m.name)
UNION ALL
SELECT r.id, r.run_date, r.list_name, 'method', 'other', 'other', s.verified_other_method, s.verified,
       round(s.verified_other_method::numeric / nullif(s.verified, 0), 6),
       array_agg(m.name ORDER BY m.domains DESC, m.name)
  FROM run_method_summary m
  JOIN census_run r ON r.id = m.run_id
  JOIN run_summary s ON s.run_id = m.run_id AND s.rank_bucket = 'all'
 WHERE m.kind = 'method' AND NOT payment_method_specified(m.name)
 GROUP BY r.id, r.run_date, r.list_name, s.verified_other_method, s.verified;
