-- Scale benchmark for the reporting SQL (docs/sql.md, "Speed at scale").
--
-- Run against a SCRATCH database that has the census schema (Flyway V1..V5), never production:
--   createdb mpp_bench
--   for f in db/migration/V*.sql; do psql -q -v ON_ERROR_STOP=1 -d mpp_bench -f "$f"; done
--   psql -d mpp_bench -v runs=365 -v domains=20000 -f docs/scale-benchmark.sql
--
-- Part 1 stores `runs` nightly runs of a `domains`-domain list (run_domain + scan_result rows with
-- generate_series, adoption growing over the year, a few per cent unreachable each night), refreshes
-- every run's summary with refresh_run_summary() as the job does when a run ends, and times that.
-- Part 2 writes the summary rows of a year of nightly runs of a 1,000,000-domain list directly (the
-- trend query reads only run_summary, so its cost does not depend on the domains behind each row).
-- Part 3 times the trend query, one domain's history and one run's changes with EXPLAIN ANALYZE.
\set ON_ERROR_STOP on
\if :{?runs} \else \set runs 365 \endif
\if :{?domains} \else \set domains 20000 \endif
\timing on

-- ---------------------------------------------------------------- part 1: raw rows
DELETE FROM census_run WHERE list_name IN ('bench', 'bench-1m');

INSERT INTO census_run (id, list_name, list_path, list_sha256, run_date, status, started_at, finished_at)
SELECT 1000000000 + i, 'bench', '/bench/list.txt', 'bench', date '2025-01-01' + i, 'running',
       timestamptz '2025-01-01 02:00Z' + make_interval(days => i), NULL
  FROM generate_series(0, :runs - 1) i;

INSERT INTO run_domain (run_id, domain, line_no, rank)
SELECT 1000000000 + i, 'site' || n || '.example', n, n
  FROM generate_series(0, :runs - 1) i, generate_series(1, :domains) n;

-- per domain: the night it adopts (about 6% adopt within the year), its verdict mix, nightly outages
INSERT INTO scan_result (run_id, domain, rank, scanned_at, reachable, error_kind, site_host, scheme,
                         declared_via, mpp_endpoints, well_known_document, domain_verdict, methods, intents,
                         session_supported, duration_ms)
SELECT 1000000000 + i, 'site' || n || '.example', n,
       timestamptz '2025-01-01 02:00Z' + make_interval(days => i),
       NOT down, CASE WHEN down THEN 'timeout' END,
       CASE WHEN NOT down THEN 'site' || n || '.example' END, CASE WHEN NOT down THEN 'https' END,
       CASE WHEN NOT declared THEN '{}'::text[] WHEN n % 4 = 0 THEN ARRAY['well_known']
            WHEN n % 4 = 1 THEN ARRAY['well_known', 'link'] WHEN n % 4 = 2 THEN ARRAY['link']
            ELSE ARRAY['openapi'] END,
       CASE WHEN declared THEN ARRAY['https://pay' || n % 50 || '.proxy.example/mpp'] ELSE '{}' END,
       CASE WHEN down THEN NULL WHEN declared AND n % 4 < 2 THEN 'valid' ELSE 'absent' END,
       CASE WHEN down THEN 'site_unreachable' WHEN NOT declared THEN 'not_declared'
            ELSE (ARRAY['verified','verified','verified','verified','verified','verified','verified',
                        'stub','x402_confused','invalid'])[1 + (n * 7 + i / 30) % 10] END,
       CASE WHEN NOT declared THEN '{}'::text[] WHEN n % 3 = 0 THEN ARRAY['tempo']
            WHEN n % 3 = 1 THEN ARRAY['stripe'] ELSE ARRAY['tempo', 'stripe'] END,
       CASE WHEN NOT declared THEN '{}'::text[] WHEN n % 2 = 0 THEN ARRAY['charge']
            ELSE ARRAY['charge', 'session'] END,
       declared AND n % 2 = 1,
       100 + n % 900
  FROM generate_series(0, :runs - 1) i, generate_series(1, :domains) n,
       LATERAL (SELECT (hashint8(n * 1000 + i) & 1023) < 31 AS down,
                       (hashint4(n) & 65535) % 6000 < i * 1 AND (hashint4(n) & 65535) % 6000 < 365 AS declared) f;

ANALYZE run_domain;
ANALYZE scan_result;

-- the job closes each run: the trigger refreshes its summary (timed per run below, all runs here)
SELECT count(*) AS runs_closed FROM (
  SELECT id FROM census_run WHERE list_name = 'bench' ORDER BY id) r,
  LATERAL (SELECT refresh_run_summary(r.id)) x;
UPDATE census_run SET status = 'completed', finished_at = started_at + interval '3 hours' WHERE list_name = 'bench';

-- one run's refresh alone (what closing a run costs)
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) SELECT refresh_run_summary(1000000000 + :runs - 1);

-- ---------------------------------------------------------------- part 2: a year of a 1M list, summaries only
INSERT INTO census_run (id, list_name, list_path, list_sha256, run_date, status, started_at, finished_at,
                        domains_listed, domains_scanned)
SELECT 2000000000 + i, 'bench-1m', '/bench/top-1m.csv', 'bench-1m', date '2025-01-01' + i, 'completed',
       timestamptz '2025-01-01 02:00Z' + make_interval(days => i),
       timestamptz '2025-01-01 05:00Z' + make_interval(days => i), 1000000, 1000000
  FROM generate_series(0, 364) i;
-- (the trigger filled these from empty run_domain rows; replace them with year-long synthetic figures)
DELETE FROM run_summary WHERE run_id BETWEEN 2000000000 AND 2000000364;
INSERT INTO run_summary (run_id, rank_bucket, domains, scanned, reachable, ai_agent_json, declared,
                         declared_well_known, declared_link, declared_openapi, verified, stub, x402_confused,
                         invalid, endpoint_unreachable, declared_unchecked, session_capable, x402_declared)
SELECT 2000000000 + i, b.bucket, b.size, b.size, b.size * 0.93, b.size * (0.01 + i * 0.0001),
       b.size * (0.001 + i * 0.00005), b.size * (0.0008 + i * 0.00004), b.size * (0.0005 + i * 0.00002),
       b.size * (0.0001 + i * 0.00001), b.size * (0.0007 + i * 0.00004), b.size * 0.0002, b.size * 0.0001,
       b.size * 0.00005, b.size * 0.00005, 0, b.size * (0.0002 + i * 0.00001), b.size * 0.0003
  FROM generate_series(0, 364) i,
       (VALUES ('top1k', 1000), ('top10k', 10000), ('top100k', 100000), ('top1m', 1000000), ('all', 1000000))
           AS b (bucket, size);
ANALYZE census_run;
ANALYZE run_summary;

-- ---------------------------------------------------------------- part 3: the timed queries
\echo 'trend: a year of nightly runs of the 1M list (target < 200 ms)'
EXPLAIN (ANALYZE, BUFFERS)
SELECT run_id, run_date, domains, reachable, declared, declared_well_known, declared_link, declared_openapi,
       verified, stub, x402_confused, invalid, session_capable, declared_share, verified_share
  FROM adoption WHERE list_name = 'bench-1m' AND rank_bucket = 'all' ORDER BY run_date;

\echo 'trend by rank bucket (top 10k)'
EXPLAIN (ANALYZE, BUFFERS)
SELECT run_date, declared_share, verified_share FROM adoption
 WHERE list_name = 'bench-1m' AND rank_bucket = 'top10k' ORDER BY run_date;

\echo 'one domain history over the year of raw rows (target < 10 ms)'
EXPLAIN (ANALYZE, BUFFERS)
SELECT * FROM domain_history('site4242.example');

\echo 'first and last seen declaring'
EXPLAIN (ANALYZE, BUFFERS)
SELECT * FROM domain_declaring_span('site4242.example');

\echo 'changes of the last run against the one before'
EXPLAIN (ANALYZE, BUFFERS)
SELECT change, count(*) FROM run_changes(1000000000 + :runs - 1) GROUP BY change;

SELECT pg_size_pretty(pg_total_relation_size('scan_result')) AS scan_result_size,
       pg_size_pretty(pg_total_relation_size('run_domain')) AS run_domain_size,
       (SELECT count(*) FROM scan_result) AS scan_result_rows;
