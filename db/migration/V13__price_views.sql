-- What MPP costs, read from payment_offer (V11): two views.
--
--   view run_price_distribution  per run, offer source, payment method, intent, network and currency: how many
--                                offers, and the distribution of their fixed prices in the currency's whole
--                                units and in US dollars where the dollar value is known (minimum, quartiles
--                                by percentile_cont, median, maximum). Ranges, dynamic and quote prices,
--                                invalid amounts and prices whose unit is unknown are counted apart and never
--                                enter the statistics.
--   view price_change            per offer of a run whose price differs from the same operation's offer in the
--                                latest earlier completed run of the same list in which that offer was seen.
--
-- An offer's price is what payment_offer derived: `price` (fixed), `price_min`/`price_max` (range), in whole
-- units of its currency, and `amount_usd`, `amount_min_usd`, `amount_max_usd` in US dollars where known. The quartiles are computed in double precision
-- (percentile_cont has no numeric form) and given to 15 significant digits; minimum and maximum are exact.

CREATE VIEW run_price_distribution AS
SELECT o.run_id, r.run_date, r.list_name, o.source, o.payment_method, o.intent, o.network, o.currency,
       count(*) AS offers,
       count(o.fixed_price) AS priced,
       min(o.fixed_price) AS min_price,
       (percentile_cont(0.25) WITHIN GROUP (ORDER BY o.fixed_price::float8))::numeric AS q1_price,
       (percentile_cont(0.5) WITHIN GROUP (ORDER BY o.fixed_price::float8))::numeric AS median_price,
       (percentile_cont(0.75) WITHIN GROUP (ORDER BY o.fixed_price::float8))::numeric AS q3_price,
       max(o.fixed_price) AS max_price,
       count(o.fixed_usd) AS priced_usd,
       min(o.fixed_usd) AS min_usd,
       (percentile_cont(0.25) WITHIN GROUP (ORDER BY o.fixed_usd::float8))::numeric AS q1_usd,
       (percentile_cont(0.5) WITHIN GROUP (ORDER BY o.fixed_usd::float8))::numeric AS median_usd,
       (percentile_cont(0.75) WITHIN GROUP (ORDER BY o.fixed_usd::float8))::numeric AS q3_usd,
       max(o.fixed_usd) AS max_usd,
       count(*) FILTER (WHERE o.valid_range) AS ranges,
       min(o.price_min) FILTER (WHERE o.valid_range) AS range_min,
       max(o.price_max) FILTER (WHERE o.valid_range) AS range_max,
       min(o.amount_min_usd) FILTER (WHERE o.valid_range) AS range_min_usd,
       max(o.amount_max_usd) FILTER (WHERE o.valid_range) AS range_max_usd,
       count(*) FILTER (WHERE o.invalid_reason IS NULL AND o.price_mode = 'dynamic') AS dynamic,
       count(*) FILTER (WHERE o.invalid_reason IS NULL AND o.price_mode = 'quote') AS quote,
       count(*) FILTER (WHERE o.invalid_reason IS NOT NULL) AS invalid,
       count(*) FILTER (WHERE o.invalid_reason IS NULL AND (o.price_mode = 'fixed' AND o.price IS NULL
                               OR o.price_mode = 'range' AND NOT o.valid_range)) AS decimals_unknown
  FROM (SELECT p.*,
               CASE WHEN p.invalid_reason IS NULL AND p.price_mode = 'fixed' THEN p.price END AS fixed_price,
               CASE WHEN p.invalid_reason IS NULL AND p.price_mode = 'fixed' AND p.price IS NOT NULL
                    THEN p.amount_usd END AS fixed_usd,
               coalesce(p.invalid_reason IS NULL AND p.price_mode = 'range' AND p.price_min IS NOT NULL
                        AND p.price_max IS NOT NULL, false) AS valid_range
          FROM payment_offer p) o
  JOIN census_run r ON r.id = o.run_id
 GROUP BY o.run_id, r.run_date, r.list_name, o.source, o.payment_method, o.intent, o.network, o.currency;

COMMENT ON VIEW run_price_distribution IS 'Per run, source, payment method, intent, network and currency: offers, '
    'and the distribution of their valid fixed prices in the currency and in USD where known; ranges, dynamic and '
    'quote prices, invalid amounts and prices of unknown decimals counted apart.';

-- The same operation: domain, URL, HTTP method, source, payment method, intent, network and currency. Where a
-- run holds several offers of one operation, its first (lowest offer_index) stands for it. A price differs when
-- the price mode differs, or, for the same mode, the derived price (range: minimum or maximum) differs, or,
-- where either price is unknown, the amount as given differs. Dynamic and quote offers have no price to change.
CREATE VIEW price_change AS
SELECT c.run_id, cr.run_date, cr.list_name, p.run_id AS previous_run_id, p.run_date AS previous_run_date,
       c.domain, c.url, c.http_method, c.operation, c.source, c.payment_method, c.intent, c.network, c.currency,
       p.price_mode AS previous_price_mode, c.price_mode,
       p.amount AS previous_amount, c.amount, p.amount_min AS previous_amount_min, c.amount_min,
       p.amount_max AS previous_amount_max, c.amount_max,
       p.price AS previous_price, c.price, p.price_min AS previous_price_min, c.price_min,
       p.price_max AS previous_price_max, c.price_max,
       p.amount_usd AS previous_amount_usd, c.amount_usd, p.amount_min_usd AS previous_amount_min_usd,
       c.amount_min_usd, p.amount_max_usd AS previous_amount_max_usd, c.amount_max_usd,
       p.invalid_reason AS previous_invalid_reason, c.invalid_reason,
       CASE WHEN p.price_mode = 'fixed' AND c.price_mode = 'fixed' AND c.price > p.price THEN 'up'
            WHEN p.price_mode = 'fixed' AND c.price_mode = 'fixed' AND c.price < p.price THEN 'down' END AS direction
  FROM payment_offer c
  JOIN census_run cr ON cr.id = c.run_id
 CROSS JOIN LATERAL (
       -- earlier runs newest first (census_run_list_date), each looked up by its key: the run before is found
       -- at the first step, and only an operation new to the run walks the list's whole history
       SELECT q.run_id, qr.run_date, q.price_mode, q.amount, q.amount_min, q.amount_max, q.price, q.price_min,
              q.price_max, q.amount_usd, q.amount_min_usd, q.amount_max_usd, q.invalid_reason
         FROM census_run qr
        CROSS JOIN LATERAL (
              SELECT o.* FROM payment_offer o
               WHERE o.run_id = qr.id AND o.domain = c.domain AND o.url = c.url AND o.http_method = c.http_method
                 AND o.source = c.source AND o.payment_method IS NOT DISTINCT FROM c.payment_method
                 AND o.intent IS NOT DISTINCT FROM c.intent AND o.network IS NOT DISTINCT FROM c.network
                 AND o.currency IS NOT DISTINCT FROM c.currency
               ORDER BY o.offer_index LIMIT 1) q
        WHERE qr.list_name = cr.list_name AND qr.run_date < cr.run_date AND qr.status = 'completed'
        ORDER BY qr.run_date DESC
        LIMIT 1) p
 WHERE NOT EXISTS (
       SELECT 1 FROM payment_offer e
        WHERE e.run_id = c.run_id AND e.domain = c.domain AND e.offer_index < c.offer_index AND e.url = c.url
          AND e.http_method = c.http_method AND e.source = c.source
          AND e.payment_method IS NOT DISTINCT FROM c.payment_method AND e.intent IS NOT DISTINCT FROM c.intent
          AND e.network IS NOT DISTINCT FROM c.network AND e.currency IS NOT DISTINCT FROM c.currency)
   AND (p.price_mode <> c.price_mode
        OR CASE c.price_mode
               WHEN 'fixed' THEN CASE WHEN c.price IS NOT NULL AND p.price IS NOT NULL THEN c.price <> p.price
                                      ELSE c.amount IS DISTINCT FROM p.amount END
               WHEN 'range' THEN CASE WHEN c.price_min IS NOT NULL AND p.price_min IS NOT NULL
                                           AND c.price_max IS NOT NULL AND p.price_max IS NOT NULL
                                      THEN c.price_min <> p.price_min OR c.price_max <> p.price_max
                                      ELSE c.amount_min IS DISTINCT FROM p.amount_min
                                           OR c.amount_max IS DISTINCT FROM p.amount_max END
               ELSE false END);

COMMENT ON VIEW price_change IS 'Offers whose price differs from the same operation''s offer in the latest earlier '
    'completed run of the same list that saw it: previous and current price mode, amounts as given, prices in the '
    'currency and in USD where known.';
