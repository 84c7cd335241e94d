-- The census's own tables. A run is one Spring Batch job instance (one list on one run date), so
-- census_run.id is the job instance id. Results are keyed by (run_id, domain): writing a chunk twice
-- leaves one row, and one domain's history is an index range scan on (domain, run_id).

CREATE TABLE census_run (
    id               bigint PRIMARY KEY,
    list_name        text        NOT NULL,
    list_path        text        NOT NULL,
    list_sha256      text        NOT NULL,
    run_date         date        NOT NULL,
    status           text        NOT NULL DEFAULT 'running'
                     CHECK (status IN ('running', 'completed', 'failed', 'stopped')),
    parameters       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    lines_read       bigint      NOT NULL DEFAULT 0,
    domains_listed   bigint      NOT NULL DEFAULT 0,
    lines_rejected   bigint      NOT NULL DEFAULT 0,
    domains_scanned  bigint      NOT NULL DEFAULT 0,
    UNIQUE (list_name, run_date)
);

-- The domains of a run, staged from the list before scanning (deduplicated, in list order).
CREATE TABLE run_domain (
    run_id   bigint  NOT NULL REFERENCES census_run (id) ON DELETE CASCADE,
    domain   text    NOT NULL,
    line_no  bigint  NOT NULL,
    rank     integer,
    PRIMARY KEY (run_id, domain),
    UNIQUE (run_id, line_no)
);

-- Input lines that are not a usable host name, with the reason. Never fatal to a run.
CREATE TABLE rejected_line (
    run_id   bigint NOT NULL REFERENCES census_run (id) ON DELETE CASCADE,
    line_no  bigint NOT NULL,
    raw      text   NOT NULL,
    reason   text   NOT NULL,
    PRIMARY KEY (run_id, line_no)
);

-- One row per (run, domain): what the crawler found, when, and the evidence.
CREATE TABLE scan_result (
    run_id             bigint      NOT NULL,
    domain             text        NOT NULL,
    rank               integer,
    scanned_at         timestamptz NOT NULL,
    attempt            integer     NOT NULL DEFAULT 1,
    reachable          boolean     NOT NULL,
    error_kind         text,
    error_detail       text,
    site_host          text,
    scheme             text CHECK (scheme IN ('https', 'http')),
    declared_via       text[]      NOT NULL DEFAULT '{}',
    mpp_endpoints      text[]      NOT NULL DEFAULT '{}',
    declaration_invalid boolean    NOT NULL DEFAULT false,
    well_known_status  integer,
    well_known_document text,
    homepage_status    integer,
    x402_declared      boolean     NOT NULL DEFAULT false,
    requests           integer     NOT NULL DEFAULT 0,
    duration_ms        integer     NOT NULL,
    evidence           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (run_id, domain),
    FOREIGN KEY (run_id, domain) REFERENCES run_domain (run_id, domain) ON DELETE CASCADE
);

CREATE INDEX scan_result_domain_history ON scan_result (domain, run_id);
CREATE INDEX scan_result_declared ON scan_result (run_id) WHERE cardinality(declared_via) > 0;
