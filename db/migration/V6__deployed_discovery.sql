-- MPP as it is deployed: where the OpenAPI document was found, operations that declare a 402 without
-- x-payment-info, /.well-known/x402, and the networks of verified offers; per probed endpoint the HTTP
-- method it was probed with, how many requests it took, its networks, whether the challenge's realm
-- matches its host, and the registrable domain of its host (Public Suffix List, computed by the census
-- when it stores the row). Two verdicts join: auth_required and needs_input. docs/sql.md and
-- docs/reports.md describe each column, view and function.
--
-- Rule for migrations from this one on: a migration never edits an earlier one; a later change to a
-- table, view or function is a new V<n> file, and its header says what it changes, not why the work began.

ALTER TABLE scan_result
    ADD COLUMN openapi_url             text,
    ADD COLUMN openapi_402_operations  integer,
    ADD COLUMN x402_well_known_status  integer,
    ADD COLUMN networks                text[] NOT NULL DEFAULT '{}';

-- One operation path may be payable with several HTTP methods: the method is part of the key.
ALTER TABLE endpoint_probe
    ADD COLUMN http_method         text    NOT NULL DEFAULT 'GET',
    ADD COLUMN attempts            integer NOT NULL DEFAULT 1,
    ADD COLUMN networks            text[]  NOT NULL DEFAULT '{}',
    ADD COLUMN realm_matches_host  boolean,
    ADD COLUMN registrable_domain  text;
ALTER TABLE endpoint_probe DROP CONSTRAINT endpoint_probe_pkey;
ALTER TABLE endpoint_probe ADD PRIMARY KEY (run_id, domain, url, http_method);
-- Rows stored before this migration keep V5's approximation; the census stores the Public Suffix List's.
UPDATE endpoint_probe SET registrable_domain = registrable_domain(endpoint_host) WHERE endpoint_host IS NOT NULL;

ALTER TABLE run_summary
    ADD COLUMN declared_x402_well_known  bigint NOT NULL DEFAULT 0,
    ADD COLUMN auth_required             bigint NOT NULL DEFAULT 0,
    ADD COLUMN needs_input               bigint NOT NULL DEFAULT 0,
    ADD COLUMN verified_mainnet          bigint NOT NULL DEFAULT 0,
    ADD COLUMN verified_testnet          bigint NOT NULL DEFAULT 0;

-- As in V5, plus the columns above. verified_mainnet / verified_testnet: verified domains with at least
-- one verified offer on a main network / on a test network (a domain may count in both).
CREATE OR REPLACE FUNCTION refresh_run_summary(p_run_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('mpp-census run_summary'), hashtext(p_run_id::text));
    DELETE FROM run_summary WHERE run_id = p_run_id;
    DELETE FROM run_method_summary WHERE run_id = p_run_id;

    INSERT INTO run_summary (run_id, rank_bucket, domains, scanned, reachable, ai_agent_json, declared,
            declared_well_known, declared_link, declared_openapi, verified, stub, x402_confused, invalid,
            endpoint_unreachable, declared_unchecked, session_capable, x402_declared, declared_x402_well_known,
            auth_required, needs_input, verified_mainnet, verified_testnet)
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
               count(*) FILTER (WHERE domain_verdict = 'verified' AND 'testnet' = ANY (networks)) AS verified_testnet
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
           coalesce(sum(p.needs_input), 0), coalesce(sum(p.verified_mainnet), 0), coalesce(sum(p.verified_testnet), 0)
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

SELECT refresh_run_summary(id) FROM census_run;

-- As in V5, with the new figures appended.
CREATE OR REPLACE VIEW adoption AS
SELECT r.id AS run_id, r.run_date, r.list_name, r.status, s.rank_bucket,
       s.domains, s.scanned, s.reachable, s.ai_agent_json, s.declared, s.declared_well_known, s.declared_link,
       s.declared_openapi, s.verified, s.stub, s.x402_confused, s.invalid, s.endpoint_unreachable,
       s.declared_unchecked, s.session_capable, s.x402_declared,
       round(s.reachable::numeric / nullif(s.domains, 0), 6) AS reachable_share,
       round(s.ai_agent_json::numeric / nullif(s.reachable, 0), 6) AS ai_agent_json_share,
       round(s.declared::numeric / nullif(s.reachable, 0), 6) AS declared_share,
       round(s.declared_well_known::numeric / nullif(s.reachable, 0), 6) AS declared_well_known_share,
       round(s.declared_link::numeric / nullif(s.reachable, 0), 6) AS declared_link_share,
       round(s.declared_openapi::numeric / nullif(s.reachable, 0), 6) AS declared_openapi_share,
       round(s.verified::numeric / nullif(s.reachable, 0), 6) AS verified_share,
       round(s.verified::numeric / nullif(s.declared, 0), 6) AS verified_of_declared,
       round(s.session_capable::numeric / nullif(s.verified, 0), 6) AS session_share_of_verified,
       s.declared_x402_well_known, s.auth_required, s.needs_input, s.verified_mainnet, s.verified_testnet
  FROM run_summary s JOIN census_run r ON r.id = s.run_id;

-- Changes of run p_run_id against previous_run(p_run_id); no rows when there is no previous run.
--   newly_declaring: declares now, did not in the previous run (declared nothing, was unreachable or not listed)
--   dropped:         declared in the previous run, reachable now and declares nothing (verdict not_declared)
--   broke:           verified in the previous run, any other verdict now except not_declared (that is
--                    dropped): x402_confused, invalid, auth_required, needs_input, stub,
--                    endpoint_unreachable, declared_unchecked, site_unreachable
--   fixed:           the mirror image: any of those verdicts in the previous run, verified now
--                    (not_declared before and verified now is newly_declaring)
CREATE OR REPLACE FUNCTION run_changes(p_run_id bigint)
RETURNS TABLE (run_id bigint, previous_run_id bigint, domain text, rank integer, change text,
               previous_verdict text, verdict text)
LANGUAGE sql STABLE AS $$
    WITH prev AS (SELECT previous_run(p_run_id) AS id),
    pairs AS (
        SELECT c.domain, c.rank,
               p.domain_verdict AS pv, coalesce(cardinality(p.declared_via) > 0, false) AS pd,
               c.domain_verdict AS cv, cardinality(c.declared_via) > 0 AS cd
          FROM scan_result c
          JOIN prev ON prev.id IS NOT NULL
          LEFT JOIN scan_result p ON p.run_id = prev.id AND p.domain = c.domain
         WHERE c.run_id = p_run_id
    )
    SELECT p_run_id, (SELECT id FROM prev), pairs.domain, pairs.rank, x.change, pairs.pv, pairs.cv
      FROM pairs
     CROSS JOIN LATERAL (VALUES
        (CASE WHEN cd AND NOT pd THEN 'newly_declaring' END),
        (CASE WHEN pd AND cv = 'not_declared' THEN 'dropped' END),
        (CASE WHEN pv = 'verified' AND cv NOT IN ('verified', 'not_declared') THEN 'broke' END),
        (CASE WHEN pv NOT IN ('verified', 'not_declared') AND cv = 'verified' THEN 'fixed' END)) AS x (change)
     WHERE x.change IS NOT NULL
     ORDER BY x.change, pairs.rank NULLS LAST, pairs.domain
$$;

-- Where a run's probed endpoints are hosted, by endpoint host. registrable_domain is the Public Suffix
-- List's registrable domain stored with each probe (NULL for a host that is itself a public suffix).
CREATE OR REPLACE VIEW endpoint_hosting AS
SELECT run_id, endpoint_host, min(registrable_domain) AS registrable_domain,
       count(DISTINCT domain) AS domains, count(*) AS endpoints,
       count(*) FILTER (WHERE verdict = 'verified_mpp') AS verified_endpoints
  FROM endpoint_probe
 WHERE endpoint_host IS NOT NULL
 GROUP BY run_id, endpoint_host;

-- The same by registrable domain: shared payment proxies and platforms (one row for all of a
-- provider's hosts; never a public suffix such as github.io or vercel.app).
CREATE VIEW endpoint_registrable_hosting AS
SELECT run_id, registrable_domain,
       count(DISTINCT endpoint_host) AS hosts, count(DISTINCT domain) AS domains, count(*) AS endpoints,
       count(*) FILTER (WHERE verdict = 'verified_mpp') AS verified_endpoints
  FROM endpoint_probe
 WHERE endpoint_host IS NOT NULL
 GROUP BY run_id, registrable_domain;
