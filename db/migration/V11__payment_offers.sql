-- What MPP costs: one row per offer a domain makes, so that prices can be compared across methods,
-- intents, currencies and runs.
--
-- An offer is either a valid Payment challenge of a verified endpoint (source 'challenge'; its terms
-- are the decoded `request` auth-param of draft-httpauth-payment, section 5.1: `amount` in the
-- currency's base units, `currency`, `recipient`, and for Tempo `methodDetails.chainId`) or an offer of
-- an OpenAPI operation's `x-payment-info` (source 'openapi'; draft-payment-discovery, in one of its
-- dialects). Amounts are kept as given, as text, and never rounded; the numeric columns are derived
-- only where the unit is known, and are NULL otherwise: nothing is converted by guess.

CREATE TABLE payment_offer (
    run_id          bigint   NOT NULL,
    domain          text     NOT NULL,
    -- position of the offer among the domain's offers (the order of the scan), from 0
    offer_index     integer  NOT NULL,
    url             text     NOT NULL,
    http_method     text     NOT NULL,
    -- the OpenAPI operation (for example 'POST /api/search') the offer belongs to, where one is known
    operation       text,
    source          text     NOT NULL CHECK (source IN ('challenge', 'openapi')),
    payment_method  text,
    intent          text,
    -- 'mainnet', 'testnet' or 'unknown' from the chain id where the method has one, else NULL
    network         text,
    chain_id        bigint,
    recipient       text,
    currency        text,
    -- 'fixed': amount; 'range': amount_min and amount_max; 'dynamic' and 'quote': no price
    price_mode      text     NOT NULL CHECK (price_mode IN ('fixed', 'range', 'dynamic', 'quote')),
    amount          text,
    amount_min      text,
    amount_max      text,
    -- how the amounts are written: 'base_units' (an integer of the currency's smallest unit, as the
    -- challenge's `request` and the IETF dialect give it) or 'decimal' (whole units, as USD prices are
    -- written in the AgentCash dialect)
    amount_unit     text     CHECK (amount_unit IN ('base_units', 'decimal')),
    -- the currency's decimals where known (given with the offer, or from the token list for the chain)
    decimals        integer,
    -- the price in whole units of the currency (base units / 10^decimals); for a range, its minimum
    -- and maximum; NULL where the amount is invalid or the decimals are unknown
    price           numeric,
    price_min       numeric,
    price_max       numeric,
    -- the same in US dollars, only for fiat 'usd' and the USD stablecoins of the token list
    amount_usd      numeric,
    amount_min_usd  numeric,
    amount_max_usd  numeric,
    -- why the amount is left out of every statistic (not a number, negative, over 78 digits, exponent
    -- notation, decimals where base units are required, ...); NULL when it is usable
    invalid_reason  text,
    PRIMARY KEY (run_id, domain, offer_index),
    FOREIGN KEY (run_id, domain) REFERENCES scan_result (run_id, domain) ON DELETE CASCADE
);

CREATE INDEX payment_offer_run_method ON payment_offer (run_id, payment_method, intent, currency);
CREATE INDEX payment_offer_operation ON payment_offer (domain, url, http_method, run_id);
