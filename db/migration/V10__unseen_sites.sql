-- Sites the census could not see. A site whose every check met a bot wall (a bot-management vendor's
-- challenge or block answer instead of the site's own) gets the domain verdict 'unseen', never
-- 'not_declared': nothing of the site was seen, so whether it declares MPP is unknown. Adoption shares are
-- computed over the sites seen (reachable and not unseen); unseen sites are counted apart, per vendor.
--
--   scan_result.bot_vendor   new: the vendor's code when error_kind is 'bot_challenge' (the wall that
--                            error_detail names; cloudflare, akamai, aws_waf, datadome, vercel, imperva,
--                            sucuri, perimeterx, kasada, f5), else NULL
--   stored results           rows stored before this script get bot_vendor from error_detail, and those whose
--                            evidence says every check met a wall (bot_walls.every_check_walled) and that
--                            declare nothing get domain_verdict 'unseen' instead of 'not_declared'
--   run_summary.unseen       new: domains with verdict 'unseen' (counted in reachable: a wall answered)
--   run_wall_summary         new table: per run and vendor, the domains unseen behind its walls and the
--                            domains with any check walled by it
--   refresh_run_summary()    as in V9, plus both (the added lines are marked "V10")
--   view adoption            as in V9, with the shares of reachable domains now of seen domains
--                            (reachable - unseen); new columns seen, unseen, unseen_share at the end
--   view run_walls           new: run_wall_summary with shares of reachable domains
--   run_changes()            as in V9, plus: a domain unseen in one of the two runs is never broke or fixed,
--                            and a new change 'unseen' lists domains that declared in the previous run and
--                            are unseen now (the added lines are marked "V10")
-- docs/sql.md and docs/reports.md describe each object; docs/discovery.md how a wall is recognised.


-- ==== V10: scan_result.bot_vendor, and stored results ====

ALTER TABLE scan_result ADD COLUMN bot_vendor text;

-- error_detail of a wall names the vendor first, as the census writes it ("Cloudflare challenge (503) at ...").
UPDATE scan_result SET bot_vendor = CASE
        WHEN error_detail LIKE 'Cloudflare %' THEN 'cloudflare'
        WHEN error_detail LIKE 'Akamai %' THEN 'akamai'
        WHEN error_detail LIKE 'AWS WAF %' THEN 'aws_waf'
        WHEN error_detail LIKE 'DataDome %' THEN 'datadome'
        WHEN error_detail LIKE 'Vercel %' THEN 'vercel'
        WHEN error_detail LIKE 'Imperva (Incapsula) %' THEN 'imperva'
        WHEN error_detail LIKE 'Sucuri %' THEN 'sucuri'
        WHEN error_detail LIKE 'HUMAN (PerimeterX) %' THEN 'perimeterx'
        WHEN error_detail LIKE 'Kasada %' THEN 'kasada'
        WHEN error_detail LIKE 'F5 BIG-IP ASM %' THEN 'f5'
    END
 WHERE error_kind = 'bot_challenge';

UPDATE scan_result SET domain_verdict = 'unseen'
 WHERE error_kind = 'bot_challenge' AND reachable AND domain_verdict = 'not_declared'
   AND cardinality(declared_via) = 0 AND NOT declaration_invalid
   AND evidence -> 'bot_walls' ->> 'every_check_walled' = 'true';


-- ==== V10: run_summary.unseen and run_wall_summary ====

ALTER TABLE run_summary ADD COLUMN unseen bigint NOT NULL DEFAULT 0;

-- Per run and bot-wall vendor (scan_result.bot_vendor): unseen = domains with verdict 'unseen' behind its
-- walls; walled = domains with error_kind 'bot_challenge' naming it, unseen or not (some checks walled).
CREATE TABLE run_wall_summary (
    run_id      bigint NOT NULL REFERENCES census_run (id) ON DELETE CASCADE,
    bot_vendor  text   NOT NULL,
    unseen      bigint NOT NULL,
    walled      bigint NOT NULL,
    PRIMARY KEY (run_id, bot_vendor)
);


-- ==== V10: refresh_run_summary, as in V9, plus run_summary.unseen and run_wall_summary ====
CREATE OR REPLACE FUNCTION refresh_run_summary(p_run_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('mpp-census run_summary'), hashtext(p_run_id::text));
    DELETE FROM run_summary WHERE run_id = p_run_id;
    DELETE FROM run_method_summary WHERE run_id = p_run_id;
    DELETE FROM run_wall_summary WHERE run_id = p_run_id;                                      -- V10

    INSERT INTO run_summary (run_id, rank_bucket, domains, scanned, reachable, ai_agent_json, declared,
            declared_well_known, declared_link, declared_openapi, verified, stub, x402_confused, invalid,
            endpoint_unreachable, declared_unchecked, session_capable, x402_declared, declared_x402_well_known,
            auth_required, needs_input, verified_mainnet, verified_testnet, verified_other_method,
            undeclared_mpp, undeclared_found, streaming_domains, session_missing_domains,
            stream_operations, session_missing_operations,
            unseen)                                                                            -- V10
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
               count(*) FILTER (WHERE domain_verdict = 'undeclared_mpp') AS undeclared_mpp,
               count(*) FILTER (WHERE jsonb_typeof(undeclared_endpoints) = 'array'
                                  AND jsonb_array_length(undeclared_endpoints) > 0) AS undeclared_found,
               count(*) FILTER (WHERE stream_operations > 0) AS streaming_domains,
               count(*) FILTER (WHERE session_missing > 0) AS session_missing_domains,
               coalesce(sum(stream_operations), 0) AS stream_operations,
               coalesce(sum(session_missing), 0) AS session_missing_operations,
               count(*) FILTER (WHERE domain_verdict = 'unseen') AS unseen                     -- V10
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
           coalesce(sum(p.undeclared_mpp), 0), coalesce(sum(p.undeclared_found), 0),
           coalesce(sum(p.streaming_domains), 0), coalesce(sum(p.session_missing_domains), 0),
           coalesce(sum(p.stream_operations), 0), coalesce(sum(p.session_missing_operations), 0),
           coalesce(sum(p.unseen), 0)                                                          -- V10
      FROM buckets b LEFT JOIN per_bucket p ON p.bucket <= b.upto
     GROUP BY b.rank_bucket;

    INSERT INTO run_method_summary (run_id, kind, name, domains)
    SELECT p_run_id, 'method', m, count(*) FROM scan_result, unnest(methods) m
     WHERE run_id = p_run_id AND domain_verdict = 'verified' GROUP BY m
    UNION ALL
    SELECT p_run_id, 'intent', i, count(*) FROM scan_result, unnest(intents) i
     WHERE run_id = p_run_id AND domain_verdict = 'verified' GROUP BY i;

    -- V10: per bot-wall vendor (every unseen domain names one: bot_vendor is set whenever a wall is the error)
    INSERT INTO run_wall_summary (run_id, bot_vendor, unseen, walled)
    SELECT p_run_id, bot_vendor, count(*) FILTER (WHERE domain_verdict = 'unseen'), count(*)
      FROM scan_result
     WHERE run_id = p_run_id AND bot_vendor IS NOT NULL
     GROUP BY bot_vendor;
END
$$;


-- ==== V10: view adoption, as in V9: shares of seen domains; seen, unseen, unseen_share appended ====
-- seen = reachable - unseen: the domains whose own answers the census saw. reachable_share stays a share
-- of listed domains, verified_of_declared and session_share_of_verified stay as they were; every other
-- share is now of seen domains (an unseen site can never count as adopting, so it never counts against).
CREATE OR REPLACE VIEW adoption AS
SELECT r.id AS run_id, r.run_date, r.list_name, r.status, s.rank_bucket,
       s.domains, s.scanned, s.reachable, s.ai_agent_json, s.declared, s.declared_well_known, s.declared_link,
       s.declared_openapi, s.verified, s.stub, s.x402_confused, s.invalid, s.endpoint_unreachable,
       s.declared_unchecked, s.session_capable, s.x402_declared,
       round(s.reachable::numeric / nullif(s.domains, 0), 6) AS reachable_share,
       round(s.ai_agent_json::numeric / nullif(s.reachable - s.unseen, 0), 6) AS ai_agent_json_share,
       round(s.declared::numeric / nullif(s.reachable - s.unseen, 0), 6) AS declared_share,
       round(s.declared_well_known::numeric / nullif(s.reachable - s.unseen, 0), 6) AS declared_well_known_share,
       round(s.declared_link::numeric / nullif(s.reachable - s.unseen, 0), 6) AS declared_link_share,
       round(s.declared_openapi::numeric / nullif(s.reachable - s.unseen, 0), 6) AS declared_openapi_share,
       round(s.verified::numeric / nullif(s.reachable - s.unseen, 0), 6) AS verified_share,
       round(s.verified::numeric / nullif(s.declared, 0), 6) AS verified_of_declared,
       round(s.session_capable::numeric / nullif(s.verified, 0), 6) AS session_share_of_verified,
       s.declared_x402_well_known, s.auth_required, s.needs_input, s.verified_mainnet, s.verified_testnet,
       s.undeclared_mpp, s.undeclared_found,
       round(s.undeclared_mpp::numeric / nullif(s.reachable - s.unseen, 0), 6) AS undeclared_share,  -- V10: of seen
       s.streaming_domains, s.session_missing_domains, s.stream_operations, s.session_missing_operations,
       s.reachable - s.unseen AS seen,                                                         -- V10
       s.unseen,                                                                               -- V10
       round(s.unseen::numeric / nullif(s.reachable, 0), 6) AS unseen_share                    -- V10
  FROM run_summary s JOIN census_run r ON r.id = s.run_id;


-- ==== V10: view run_walls (new) ====
-- Per run and bot-wall vendor: unseen domains behind its walls and domains with any check walled by it,
-- each also as a share of the run's reachable domains (rank bucket 'all'). The vendors' unseen add up to
-- adoption.unseen.
CREATE VIEW run_walls AS
SELECT r.id AS run_id, r.run_date, r.list_name, w.bot_vendor,
       w.unseen, round(w.unseen::numeric / nullif(s.reachable, 0), 6) AS unseen_share,
       w.walled, round(w.walled::numeric / nullif(s.reachable, 0), 6) AS walled_share,
       s.reachable
  FROM run_wall_summary w
  JOIN census_run r ON r.id = w.run_id
  JOIN run_summary s ON s.run_id = w.run_id AND s.rank_bucket = 'all';


-- ==== V10: run_changes, as in V9, with unseen domains ====
-- Changes of run p_run_id against previous_run(p_run_id); no rows when there is no previous run.
--   newly_declaring:        declares now, did not in the previous run (declared nothing and spoke no MPP,
--                           was unreachable, unseen or not listed): the census had not seen it declare
--   undeclared_to_declared: declares now; in the previous run it spoke MPP without declaring it (undeclared_mpp)
--   dropped:                declared in the previous run, reachable now and declares nothing (verdict
--                           not_declared, or undeclared_mpp when it still speaks MPP); never unseen now, so
--                           unseen <-> not_declared is no change of adoption either way
--   broke:                  verified in the previous run, any other verdict now except not_declared and
--                           undeclared_mpp (those are dropped) and unseen (not seen, so not known broken)
--   fixed:                  the mirror image: any of those verdicts in the previous run, verified now; not
--                           after unseen (not seen broken), not_declared (newly_declaring) nor undeclared_mpp
--                           (undeclared_to_declared)
--   unseen:                 declared in the previous run, unseen now: behind a bot wall, neither dropped nor broke
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
        (CASE WHEN pv = 'verified'
                   AND cv NOT IN ('verified', 'not_declared', 'undeclared_mpp', 'unseen') THEN 'broke' END),   -- V10: unseen
        (CASE WHEN pv NOT IN ('verified', 'not_declared', 'undeclared_mpp', 'unseen')
                   AND cv = 'verified' THEN 'fixed' END),                                                  -- V10: unseen
        (CASE WHEN pd AND cv = 'unseen' THEN 'unseen' END)) AS x (change)                                      -- V10
     WHERE x.change IS NOT NULL
     ORDER BY x.change, pairs.rank NULLS LAST, pairs.domain
$$;


-- ==== V10: summaries of runs with walls (the others have no unseen domain and no wall) ====
SELECT refresh_run_summary(runs.run_id)
  FROM (SELECT DISTINCT run_id FROM scan_result WHERE bot_vendor IS NOT NULL) AS runs;
