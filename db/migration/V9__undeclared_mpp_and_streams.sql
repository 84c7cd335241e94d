-- Two of the ways an MPP deployment goes wrong besides a stub: support that exists but is not declared
-- (a valid Payment challenge of draft-httpauth-payment at a URL no declaration names), and a one-shot flow
-- where a session is needed (an operation that sells a stream but offers no intent="session").
--
-- scan_result gains (NULL in rows stored before this migration: not looked for):
--   undeclared_endpoints  jsonb    one object per URL that answered with a valid Payment challenge although
--                                  no declaration names it: url, seen_at, http_methods, operation, methods,
--                                  intents ([] when none was seen)
--   stream_operations     integer  operations of the OpenAPI document read that sell a stream (NULL when no
--                                  document was read or it sells nothing)
--   session_missing       integer  of those, the operations whose offers have no session intent
--   session_offered       integer  of those, the operations offering a session
-- domain_verdict gains 'undeclared_mpp': nothing declares MPP but the site speaks it.
--
-- run_summary gains undeclared_mpp, undeclared_found, streaming_domains, session_missing_domains,
-- stream_operations, session_missing_operations (below); refresh_run_summary() is restated with them.
-- The view adoption gains those columns and undeclared_share; run_changes() tells 'undeclared_to_declared'
-- (undeclared_mpp in the previous run, declaring now) apart from 'newly_declaring'. New views:
-- undeclared_endpoint and stream_operation, one row per undeclared endpoint and per listed stream operation.
-- docs/sql.md documents each.

ALTER TABLE scan_result
    ADD COLUMN undeclared_endpoints  jsonb,
    ADD COLUMN stream_operations     integer,
    ADD COLUMN session_missing       integer,
    ADD COLUMN session_offered       integer;

-- undeclared_mpp:             domains whose verdict is undeclared_mpp (no declaration, MPP spoken)
-- undeclared_found:           domains with at least one undeclared endpoint, whatever their verdict
-- streaming_domains:          domains with at least one operation that sells a stream
-- session_missing_domains:    domains with at least one such operation without a session
-- stream_operations:          operations that sell a stream, summed over the domains
-- session_missing_operations: of those, the operations without a session
ALTER TABLE run_summary
    ADD COLUMN undeclared_mpp              bigint NOT NULL DEFAULT 0,
    ADD COLUMN undeclared_found            bigint NOT NULL DEFAULT 0,
    ADD COLUMN streaming_domains           bigint NOT NULL DEFAULT 0,
    ADD COLUMN session_missing_domains     bigint NOT NULL DEFAULT 0,
    ADD COLUMN stream_operations           bigint NOT NULL DEFAULT 0,
    ADD COLUMN session_missing_operations  bigint NOT NULL DEFAULT 0;

-- As in V8, plus the six columns above (each line this migration adds ends in "-- V9").
CREATE OR REPLACE FUNCTION refresh_run_summary(p_run_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('mpp-census run_summary'), hashtext(p_run_id::text));
    DELETE FROM run_summary WHERE run_id = p_run_id;
    DELETE FROM run_method_summary WHERE run_id = p_run_id;

    INSERT INTO run_summary (run_id, rank_bucket, domains, scanned, reachable, ai_agent_json, declared,
            declared_well_known, declared_link, declared_openapi, verified, stub, x402_confused, invalid,
            endpoint_unreachable, declared_unchecked, session_capable, x402_declared, declared_x402_well_known,
            auth_required, needs_input, verified_mainnet, verified_testnet, verified_other_method,
            undeclared_mpp, undeclared_found, streaming_domains, session_missing_domains,            -- V9
            stream_operations, session_missing_operations)                                           -- V9
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
                   SELECT 1 FROM unnest(methods) m WHERE NOT payment_method_specified(m))) AS verified_other_method,
               count(*) FILTER (WHERE domain_verdict = 'undeclared_mpp') AS undeclared_mpp,                    -- V9
               count(*) FILTER (WHERE jsonb_typeof(undeclared_endpoints) = 'array'                             -- V9
                                  AND jsonb_array_length(undeclared_endpoints) > 0) AS undeclared_found,       -- V9
               count(*) FILTER (WHERE stream_operations > 0) AS streaming_domains,                             -- V9
               count(*) FILTER (WHERE session_missing > 0) AS session_missing_domains,                         -- V9
               coalesce(sum(stream_operations), 0) AS stream_operations,                                       -- V9
               coalesce(sum(session_missing), 0) AS session_missing_operations                                 -- V9
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
           coalesce(sum(p.verified_other_method), 0),
           coalesce(sum(p.undeclared_mpp), 0), coalesce(sum(p.undeclared_found), 0),                       -- V9
           coalesce(sum(p.streaming_domains), 0), coalesce(sum(p.session_missing_domains), 0),             -- V9
           coalesce(sum(p.stream_operations), 0), coalesce(sum(p.session_missing_operations), 0)           -- V9
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

-- No stored row has the new columns or verdict yet: existing summaries keep their figures and 0 in the new
-- columns, which is what a refresh would give them.

-- As in V6, with the new figures appended. undeclared_share: of reachable domains, those that speak MPP
-- without declaring it.
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
       s.declared_x402_well_known, s.auth_required, s.needs_input, s.verified_mainnet, s.verified_testnet,
       s.undeclared_mpp, s.undeclared_found,                                                               -- V9
       round(s.undeclared_mpp::numeric / nullif(s.reachable, 0), 6) AS undeclared_share,                   -- V9
       s.streaming_domains, s.session_missing_domains, s.stream_operations, s.session_missing_operations  -- V9
  FROM run_summary s JOIN census_run r ON r.id = s.run_id;

-- As in V6, with undeclared_mpp told apart. Changes of run p_run_id against previous_run(p_run_id); no rows
-- when there is no previous run.
--   newly_declaring:        declares now, did not in the previous run (declared nothing and spoke no MPP, was
--                           unreachable or not listed)
--   undeclared_to_declared: declares now; in the previous run it spoke MPP without declaring it (undeclared_mpp)
--   dropped:                declared in the previous run, reachable now and declares nothing (verdict
--                           not_declared, or undeclared_mpp when it still speaks MPP)
--   broke:                  verified in the previous run, any other verdict now except not_declared and
--                           undeclared_mpp (those are dropped): x402_confused, invalid, auth_required,
--                           needs_input, stub, endpoint_unreachable, declared_unchecked, site_unreachable
--   fixed:                  the mirror image: any of those verdicts in the previous run, verified now
--                           (not_declared before is newly_declaring, undeclared_mpp before undeclared_to_declared)
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
        (CASE WHEN cd AND NOT pd AND pv IS DISTINCT FROM 'undeclared_mpp' THEN 'newly_declaring' END),
        (CASE WHEN cd AND NOT pd AND pv = 'undeclared_mpp' THEN 'undeclared_to_declared' END),
        (CASE WHEN pd AND cv IN ('not_declared', 'undeclared_mpp') THEN 'dropped' END),
        (CASE WHEN pv = 'verified' AND cv NOT IN ('verified', 'not_declared', 'undeclared_mpp') THEN 'broke' END),
        (CASE WHEN pv NOT IN ('verified', 'not_declared', 'undeclared_mpp') AND cv = 'verified' THEN 'fixed' END))
        AS x (change)
     WHERE x.change IS NOT NULL
     ORDER BY x.change, pairs.rank NULLS LAST, pairs.domain
$$;

-- One row per undeclared endpoint of a stored domain (scan_result.undeclared_endpoints).
CREATE VIEW undeclared_endpoint AS
SELECT s.run_id, s.domain, s.rank, s.domain_verdict,
       e.item ->> 'url' AS url,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(e.item -> 'seen_at', '[]'))) AS seen_at,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(e.item -> 'http_methods', '[]'))) AS http_methods,
       e.item ->> 'operation' AS operation,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(e.item -> 'methods', '[]'))) AS methods,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(e.item -> 'intents', '[]'))) AS intents
  FROM scan_result s
 CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(s.undeclared_endpoints) = 'array'
                                              THEN s.undeclared_endpoints ELSE '[]' END) AS e (item)
 WHERE s.undeclared_endpoints IS NOT NULL AND s.undeclared_endpoints <> '[]';

-- One row per operation that sells a stream, as listed in scan_result.evidence.stream_operations (the first 50
-- of a domain; stream_operations counts them all). outcome: session_offered, session_missing, offers_unknown.
-- Only rows counting a stream are read (stream_operations > 0), so the evidence of the others is never opened.
CREATE VIEW stream_operation AS
SELECT s.run_id, s.domain, s.rank, s.domain_verdict,
       o.item ->> 'method' AS http_method,
       o.item ->> 'path' AS path,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(o.item -> 'reasons', '[]'))) AS reasons,
       o.item ->> 'outcome' AS outcome,
       o.item ->> 'offers_from' AS offers_from,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(o.item -> 'intents', '[]'))) AS intents
  FROM scan_result s
 CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(s.evidence -> 'stream_operations') = 'array'
                                              THEN s.evidence -> 'stream_operations' ELSE '[]' END) AS o (item)
 WHERE s.stream_operations > 0;
