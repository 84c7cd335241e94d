-- Issue: adoption reporting. A per-run summary (one row per run and rank bucket, one row per run and
-- payment method or intent), filled by refresh_run_summary() when a run ends (trigger on census_run)
-- and on demand, plus the views and functions that answer the reporting questions. docs/sql.md
-- documents each with example queries.

-- Figures of one run over the domains ranked within a bucket: 'all', 'top1k', 'top10k', 'top100k',
-- 'top1m' (rank from the list, or list position for plain lists; buckets are cumulative).
CREATE TABLE run_summary (
    run_id                bigint      NOT NULL REFERENCES census_run (id) ON DELETE CASCADE,
    rank_bucket           text        NOT NULL CHECK (rank_bucket IN ('all', 'top1k', 'top10k', 'top100k', 'top1m')),
    domains               bigint      NOT NULL,
    scanned               bigint      NOT NULL,
    reachable             bigint      NOT NULL,
    ai_agent_json         bigint      NOT NULL,
    declared              bigint      NOT NULL,
    declared_well_known   bigint      NOT NULL,
    declared_link         bigint      NOT NULL,
    declared_openapi      bigint      NOT NULL,
    verified              bigint      NOT NULL,
    stub                  bigint      NOT NULL,
    x402_confused         bigint      NOT NULL,
    invalid               bigint      NOT NULL,
    endpoint_unreachable  bigint      NOT NULL,
    declared_unchecked    bigint      NOT NULL,
    session_capable       bigint      NOT NULL,
    x402_declared         bigint      NOT NULL,
    refreshed_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (run_id, rank_bucket)
);

-- Verified domains of a run offering each payment method / intent (kind 'method' or 'intent').
CREATE TABLE run_method_summary (
    run_id   bigint NOT NULL REFERENCES census_run (id) ON DELETE CASCADE,
    kind     text   NOT NULL CHECK (kind IN ('method', 'intent')),
    name     text   NOT NULL,
    domains  bigint NOT NULL,
    PRIMARY KEY (run_id, kind, name)
);

-- Stablecoin, card, lightning or other, after the methods listed in MPP-NOTES.
CREATE FUNCTION payment_method_class(method text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN method IN ('tempo', 'solana', 'evm', 'stellar', 'hedera', 'usdc') THEN 'stablecoin'
        WHEN method IN ('stripe', 'card') THEN 'card'
        WHEN method = 'lightning' THEN 'lightning'
        ELSE 'other' END
$$;

-- An approximation of the registrable domain (eTLD+1) without the Public Suffix List: the last two
-- labels, or three when the second-level label is a common one under a country code (co.uk, com.au).
CREATE FUNCTION registrable_domain(host text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(substring(lower(host) FROM '([^.]+\.(?:(?:co|com|net|org|gov|ac|edu|ne|or)\.[a-z]{2})|[^.]+\.[^.]+)$'),
                    lower(host))
$$;

-- Recomputes the summary rows of one run. Safe to call at any time (a running run gets its figures so
-- far); concurrent calls for the same run are serialised by a transaction-level advisory lock.
CREATE FUNCTION refresh_run_summary(p_run_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('mpp-census run_summary'), hashtext(p_run_id::text));
    DELETE FROM run_summary WHERE run_id = p_run_id;
    DELETE FROM run_method_summary WHERE run_id = p_run_id;

    INSERT INTO run_summary (run_id, rank_bucket, domains, scanned, reachable, ai_agent_json, declared,
            declared_well_known, declared_link, declared_openapi, verified, stub, x402_confused, invalid,
            endpoint_unreachable, declared_unchecked, session_capable, x402_declared)
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
               count(*) FILTER (WHERE x402_declared) AS x402_declared
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
           coalesce(sum(p.session_capable), 0), coalesce(sum(p.x402_declared), 0)
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

-- Filled when a run ends: the job closes its census_run row (status and finished_at) on completion,
-- failure or stop, and again after a resumed run or a rescan.
CREATE FUNCTION census_run_refresh_summary() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_run_summary(NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER census_run_summary_on_close
    AFTER UPDATE OF status, finished_at ON census_run
    FOR EACH ROW
    WHEN (NEW.status <> 'running' AND NEW.finished_at IS NOT NULL)
    EXECUTE FUNCTION census_run_refresh_summary();

-- Runs that ended before this migration.
SELECT refresh_run_summary(id) FROM census_run;

-- Per run (and rank bucket): counts and shares. Shares of reachable domains, 0..1.
CREATE VIEW adoption AS
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
       round(s.session_capable::numeric / nullif(s.verified, 0), 6) AS session_share_of_verified
  FROM run_summary s JOIN census_run r ON r.id = s.run_id;

CREATE INDEX census_run_list_date ON census_run (list_name, run_date);

-- The last completed run of the same list before run p_run_id, or NULL.
CREATE FUNCTION previous_run(p_run_id bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT p.id FROM census_run c
      JOIN census_run p ON p.list_name = c.list_name AND p.run_date < c.run_date AND p.status = 'completed'
     WHERE c.id = p_run_id
     ORDER BY p.run_date DESC LIMIT 1
$$;

-- Changes of run p_run_id against previous_run(p_run_id); no rows when there is no previous run.
--   newly_declaring: declares now, did not in the previous run (declared nothing, was unreachable or not listed)
--   dropped:         declared in the previous run, reachable now and declares nothing (verdict not_declared)
--   broke:           verified in the previous run; stub, endpoint_unreachable or site_unreachable now
--   fixed:           stub, invalid, x402_confused or endpoint_unreachable in the previous run; verified now
CREATE FUNCTION run_changes(p_run_id bigint)
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
        (CASE WHEN pv = 'verified' AND cv IN ('stub', 'endpoint_unreachable', 'site_unreachable') THEN 'broke' END),
        (CASE WHEN pv IN ('stub', 'invalid', 'x402_confused', 'endpoint_unreachable') AND cv = 'verified'
              THEN 'fixed' END)) AS x (change)
     WHERE x.change IS NOT NULL
     ORDER BY x.change, pairs.rank NULLS LAST, pairs.domain
$$;

-- One domain's runs in date order per list, with the previous run's verdict and whether it changed
-- (the first run of a domain in a list counts as a change).
CREATE FUNCTION domain_history(p_domain text)
RETURNS TABLE (run_id bigint, list_name text, run_date date, reachable boolean, error_kind text,
               domain_verdict text, previous_verdict text, changed boolean, declared_via text[],
               mpp_endpoints text[], methods text[], intents text[], session_supported boolean)
LANGUAGE sql STABLE AS $$
    SELECT s.run_id, r.list_name, r.run_date, s.reachable, s.error_kind, s.domain_verdict,
           lag(s.domain_verdict) OVER w,
           row_number() OVER w = 1 OR s.domain_verdict IS DISTINCT FROM lag(s.domain_verdict) OVER w,
           s.declared_via, s.mpp_endpoints, s.methods, s.intents, s.session_supported
      FROM scan_result s JOIN census_run r ON r.id = s.run_id
     WHERE s.domain = p_domain
    WINDOW w AS (PARTITION BY r.list_name ORDER BY r.run_date)
     ORDER BY r.list_name, r.run_date
$$;

-- First and last run date on which a domain declared MPP, per list.
CREATE FUNCTION domain_declaring_span(p_domain text)
RETURNS TABLE (list_name text, first_seen_declaring date, last_seen_declaring date, runs_declaring bigint,
               first_seen_verified date, last_seen_verified date)
LANGUAGE sql STABLE AS $$
    SELECT r.list_name,
           min(r.run_date) FILTER (WHERE cardinality(s.declared_via) > 0),
           max(r.run_date) FILTER (WHERE cardinality(s.declared_via) > 0),
           count(*) FILTER (WHERE cardinality(s.declared_via) > 0),
           min(r.run_date) FILTER (WHERE s.domain_verdict = 'verified'),
           max(r.run_date) FILTER (WHERE s.domain_verdict = 'verified')
      FROM scan_result s JOIN census_run r ON r.id = s.run_id
     WHERE s.domain = p_domain
     GROUP BY r.list_name
$$;

-- Payment methods and intents among a run's verified domains, with the method's class and the
-- share of verified domains offering it.
CREATE VIEW run_methods AS
SELECT r.id AS run_id, r.run_date, r.list_name, m.kind, m.name,
       CASE WHEN m.kind = 'method' THEN payment_method_class(m.name) END AS method_class,
       m.domains, s.verified,
       round(m.domains::numeric / nullif(s.verified, 0), 6) AS share_of_verified
  FROM run_method_summary m
  JOIN census_run r ON r.id = m.run_id
  JOIN run_summary s ON s.run_id = m.run_id AND s.rank_bucket = 'all';

-- Where a run's probed endpoints are hosted: by endpoint host and by (approximate) registrable domain.
CREATE VIEW endpoint_hosting AS
SELECT run_id, endpoint_host, registrable_domain(endpoint_host) AS registrable_domain,
       count(DISTINCT domain) AS domains, count(*) AS endpoints,
       count(*) FILTER (WHERE verdict = 'verified_mpp') AS verified_endpoints
  FROM endpoint_probe
 WHERE endpoint_host IS NOT NULL
 GROUP BY run_id, endpoint_host;

-- Error breakdown of a run: domains per error kind (NULL error_kind: no error), and the share of scanned domains.
CREATE VIEW run_errors AS
SELECT s.run_id, coalesce(s.error_kind, 'none') AS error_kind,
       count(*) AS domains,
       count(*) FILTER (WHERE NOT s.reachable) AS unreachable,
       round(count(*)::numeric / sum(count(*)) OVER (PARTITION BY s.run_id), 6) AS share
  FROM scan_result s
 GROUP BY s.run_id, coalesce(s.error_kind, 'none');
