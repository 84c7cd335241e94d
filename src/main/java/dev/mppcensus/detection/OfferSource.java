package dev.mppcensus.detection;

import java.util.Locale;

/** Where the offers an outcome was judged on come from. */
public enum OfferSource implements Coded {
    /** The valid Payment challenges the operation answered an unpaid request with (authoritative at runtime). */
    CHALLENGE,
    /** The operation's documented {@code x-payment-info} (advisory: draft-payment-discovery). */
    X_PAYMENT_INFO;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
