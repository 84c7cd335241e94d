-- Issue: verify what is declared. Per-domain verdict columns for grouping in reports, and one row per
-- probed endpoint (its verdict, its Payment challenges' methods and intents, and whether it spoke over TLS).

ALTER TABLE scan_result
    ADD COLUMN domain_verdict              text,
    ADD COLUMN endpoint_verdict            text,
    ADD COLUMN methods                     text[]  NOT NULL DEFAULT '{}',
    ADD COLUMN intents                     text[]  NOT NULL DEFAULT '{}',
    ADD COLUMN session_supported           boolean NOT NULL DEFAULT false,
    ADD COLUMN x402_offered                boolean NOT NULL DEFAULT false,
    ADD COLUMN openapi_status              integer,
    ADD COLUMN openapi_payable_operations  integer,
    ADD COLUMN challenge_over_tls          boolean;

CREATE INDEX scan_result_run_verdict ON scan_result (run_id, domain_verdict);

CREATE TABLE endpoint_probe (
    run_id             bigint  NOT NULL,
    domain             text    NOT NULL,
    url                text    NOT NULL,
    sources            text[]  NOT NULL DEFAULT '{}',
    verdict            text    NOT NULL,
    status             integer,
    error_kind         text,
    final_url          text,
    endpoint_host      text,
    methods            text[]  NOT NULL DEFAULT '{}',
    intents            text[]  NOT NULL DEFAULT '{}',
    realms             text[]  NOT NULL DEFAULT '{}',
    session_supported  boolean NOT NULL DEFAULT false,
    x402_offered       boolean NOT NULL DEFAULT false,
    over_tls           boolean NOT NULL,
    cache_no_store     boolean NOT NULL DEFAULT false,
    problem_type       text,
    violations         text[]  NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, domain, url),
    FOREIGN KEY (run_id, domain) REFERENCES scan_result (run_id, domain) ON DELETE CASCADE
);

CREATE INDEX endpoint_probe_host ON endpoint_probe (run_id, endpoint_host);
