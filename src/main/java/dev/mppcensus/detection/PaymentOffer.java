package dev.mppcensus.detection;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * One offer a domain makes for one operation: the terms of a valid Payment challenge (draft-httpauth-payment,
 * the decoded {@code request}) or one offer of an OpenAPI operation's {@code x-payment-info}
 * (draft-payment-discovery, in any of its dialects). Each component is a column of {@code payment_offer} and a
 * field of the export's {@code offers} entries, named as the component in snake case. Amounts are kept as given;
 * the numbers derived from them are {@code null} wherever the amount is unusable ({@code invalidReason}) or its
 * unit is not known: nothing is converted by guess ({@link OfferReader}).
 *
 * @param url           the endpoint's URL (for an operation: its server URL and path template)
 * @param httpMethod    the HTTP method, upper case
 * @param operation     the OpenAPI operation ({@code POST /v1/search}) the offer belongs to, or {@code null}
 * @param source        a challenge or the OpenAPI document
 * @param paymentMethod the payment method ({@code tempo}, {@code stripe}, ...), or {@code null} when not named
 * @param intent        the intent ({@code charge}, {@code session}, ...), or {@code null} when not named
 * @param network       {@code mainnet}, {@code testnet} or {@code unknown} where the offer names a chain or
 *                      network ({@link Networks}), else {@code null}
 * @param chainId       {@code methodDetails.chainId}, or {@code null}
 * @param recipient     who is paid, as given, or {@code null}
 * @param currency      the currency as given (a token address, an ISO 4217 code), or {@code null}
 * @param priceMode     fixed, a range, or no price (dynamic, quote)
 * @param amount        a fixed price as given, or {@code null}
 * @param amountMin     a range's minimum as given, or {@code null}
 * @param amountMax     a range's maximum as given, or {@code null}
 * @param amountUnit    how the amounts are written, or {@code null} without any amount
 * @param decimals      the currency's decimals where known ({@link KnownCurrencies}, else as given), or {@code null}
 * @param price         the fixed price in whole units of the currency, or {@code null}
 * @param priceMin      a range's minimum in whole units, or {@code null}
 * @param priceMax      a range's maximum in whole units, or {@code null}
 * @param amountUsd     the fixed price in US dollars (USD and USD stablecoins of {@link KnownCurrencies} only), or {@code null}
 * @param amountMinUsd  a range's minimum in US dollars, or {@code null}
 * @param amountMaxUsd  a range's maximum in US dollars, or {@code null}
 * @param invalidReason why an amount is unusable ({@link Amount}), or {@code null}
 */
public record PaymentOffer(String url, String httpMethod, String operation, Source source, String paymentMethod,
                           String intent, String network, Long chainId, String recipient, String currency,
                           PriceMode priceMode, String amount, String amountMin, String amountMax,
                           AmountUnit amountUnit, Integer decimals, BigDecimal price, BigDecimal priceMin,
                           BigDecimal priceMax, BigDecimal amountUsd, BigDecimal amountMinUsd,
                           BigDecimal amountMaxUsd, String invalidReason) {

    /** Where the offer was read. */
    public enum Source implements Coded {
        /** A valid Payment challenge of a verified endpoint (authoritative at runtime). */
        CHALLENGE,
        /** An operation's {@code x-payment-info} (advisory). */
        OPENAPI;

        @Override
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the price is set. */
    public enum PriceMode implements Coded {
        /** One amount. */
        FIXED,
        /** A minimum and a maximum. */
        RANGE,
        /** No amount: it depends on the request. */
        DYNAMIC,
        /** No amount: quoted after the fact. */
        QUOTE;

        @Override
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the amounts are written. */
    public enum AmountUnit implements Coded {
        /** An integer of the currency's smallest unit (a challenge's {@code request}, draft-payment-discovery). */
        BASE_UNITS,
        /** Whole units with decimals ({@code "0.01"} US dollars, as AgentCash writes prices). */
        DECIMAL;

        @Override
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The offer's key for comparing a challenge with the document: the same URL and HTTP method. */
    String operationKey() {
        return httpMethod + " " + url;
    }
}
