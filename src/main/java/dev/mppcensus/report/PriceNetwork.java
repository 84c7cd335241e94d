package dev.mppcensus.report;

/**
 * Which offers the HTML report's price chart shows, by the offer's network ({@code payment_offer.network}).
 */
public enum PriceNetwork {
    /**
     * Offers on a main network, and offers of methods that have no network (card payments in dollars): money
     * that is real. Test networks and chains the census does not know are left out.
     */
    MAINNET,
    /** Offers on a test network only. */
    TESTNET,
    /** Every offer. */
    ALL;

    /** Whether an offer on {@code network} ({@code null}: its method has none) is shown. */
    public boolean includes(String network) {
        return switch (this) {
            case MAINNET -> network == null || network.equals("mainnet");
            case TESTNET -> "testnet".equals(network);
            case ALL -> true;
        };
    }
}
