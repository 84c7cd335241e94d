-- Issue: runs that survive crashes. A result row keeps its latest attempt (scanned_at, attempt) and
-- remembers when the domain was first scanned and what the attempt before the latest found, so reports
-- can tell a rescanned outcome from a first one and count what changed. A rescan is its own Spring
-- Batch job instance (census_rescan.id), restartable like the run itself.

ALTER TABLE scan_result
    ADD COLUMN first_scanned_at        timestamptz,  -- kept from the first attempt on upsert
    ADD COLUMN previous_reachable      boolean,
    ADD COLUMN previous_error_kind     text,
    ADD COLUMN previous_domain_verdict text,
    ADD COLUMN rescan_id               bigint;

-- The census always writes first_scanned_at; rows inserted by other writers may leave it NULL, which
-- means "the same as scanned_at" (read coalesce(first_scanned_at, scanned_at)).
UPDATE scan_result SET first_scanned_at = scanned_at;

CREATE TABLE census_rescan (
    id           bigint PRIMARY KEY,
    run_id       bigint      NOT NULL REFERENCES census_run (id) ON DELETE CASCADE,
    round        integer     NOT NULL,
    status       text        NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'completed', 'failed', 'stopped')),
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    selected     bigint      NOT NULL DEFAULT 0,
    rescanned    bigint      NOT NULL DEFAULT 0,
    changed      bigint      NOT NULL DEFAULT 0,
    UNIQUE (run_id, round)
);

CREATE INDEX scan_result_rescan ON scan_result (run_id, rescan_id) WHERE rescan_id IS NOT NULL;
