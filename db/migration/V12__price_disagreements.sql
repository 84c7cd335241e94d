-- Operations (the same URL and HTTP method) where a domain's valid Payment challenge and its OpenAPI document's
-- x-payment-info disagree on the price, both kept as rows of payment_offer; NULL when no operation had offers of
-- both sources to compare.
ALTER TABLE scan_result ADD COLUMN price_disagreements integer;
