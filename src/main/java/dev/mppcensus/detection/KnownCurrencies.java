package dev.mppcensus.detection;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one list of currencies whose decimals the census knows, and of those worth a US dollar each: the only
 * place an offer's amount becomes a price ({@link PaymentOffer#price()}) or a value in US dollars
 * ({@link PaymentOffer#amountUsd()}). A currency not listed here gets neither: nothing is converted by guess.
 *
 * <p>Tokens are known per chain, by address (compared case-insensitively, as EIP-55 checksums only change
 * case). The Tempo tokens have the same address on Tempo mainnet and testnet (TIP-20 tokens live at fixed
 * precompile addresses), so an offer of method {@code tempo} that names no chain (as draft-payment-discovery
 * offers do not) is matched by address alone among the Tempo tokens. Fiat currencies are ISO 4217 codes,
 * compared case-insensitively, with ISO 4217's minor units as decimals.
 */
public final class KnownCurrencies {

    /** Tempo mainnet's chain id. */
    static final long TEMPO_MAINNET = 4217L;
    /** Tempo testnet's (Moderato) chain id. */
    static final long TEMPO_TESTNET = 42431L;

    /**
     * A currency: {@code chainId} and {@code address} for a token, {@code chainId} {@code null} and an ISO 4217
     * code as {@code address} for fiat.
     *
     * @param usd whether one whole unit is one US dollar (US dollars, or a stablecoin designated in them)
     */
    public record Known(Long chainId, String address, String symbol, int decimals, boolean usd) {
    }

    private static final List<Known> TOKENS = List.of(
            // Tempo mainnet (4217). Addresses and decimals: mppx 0.11.0 (npm), tempo/internal/defaults.js `tokens`
            // (pathUsd, usdc) and `decimals` ("All TIP-20 tokens on Tempo use 6 decimals"), and cli/utils.js
            // `mainnetTokens` [pathUsd, usdc]; USDC on Tempo is bridged USDC.e.
            new Known(TEMPO_MAINNET, "0x20c0000000000000000000000000000000000000", "pathUSD", 6, true),
            new Known(TEMPO_MAINNET, "0x20c000000000000000000000b9537d11c60e8b50", "USDC.e", 6, true),
            // Tempo testnet (42431, Moderato). mppx 0.11.0 cli/utils.js `testnetTokens` (the faucet's pathUSD,
            // AlphaUSD, BetaUSD, ThetaUSD), 6 decimals as above. Testnet dollars are nominal: filter on network.
            new Known(TEMPO_TESTNET, "0x20c0000000000000000000000000000000000000", "pathUSD", 6, true),
            new Known(TEMPO_TESTNET, "0x20c0000000000000000000000000000000000001", "AlphaUSD", 6, true),
            new Known(TEMPO_TESTNET, "0x20c0000000000000000000000000000000000002", "BetaUSD", 6, true),
            new Known(TEMPO_TESTNET, "0x20c0000000000000000000000000000000000003", "ThetaUSD", 6, true),
            // Native USDC, 6 decimals: Circle's list of USDC contract addresses
            // (developers.circle.com, "USDC Contract Addresses"), mainnets and testnets.
            new Known(1L, "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", "USDC", 6, true),
            new Known(8453L, "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913", "USDC", 6, true),
            new Known(11155111L, "0x1c7d4b196cb0c7b01d743fbc6116a902379c7238", "USDC", 6, true),
            new Known(84532L, "0x036cbd53842c5426634e7929541ec2318f3dcf7e", "USDC", 6, true));

    /** ISO 4217 codes and their minor units (ISO 4217's list one); only {@code usd} is worth a US dollar. */
    private static final List<Known> FIAT = List.of(
            new Known(null, "usd", "USD", 2, true),
            new Known(null, "eur", "EUR", 2, false),
            new Known(null, "gbp", "GBP", 2, false),
            new Known(null, "jpy", "JPY", 0, false));

    private KnownCurrencies() {
    }

    /**
     * The currency an offer names.
     *
     * @param currency      the offer's currency as given; {@code null} gives empty
     * @param chainId       the offer's chain id, or {@code null} when it names none
     * @param paymentMethod the offer's payment method, or {@code null}: {@code tempo} without a chain id matches
     *                      the Tempo tokens by address
     * @return the known currency, or empty when the list does not hold it
     */
    public static Optional<Known> of(String currency, Long chainId, String paymentMethod) {
        if (currency == null) {
            return Optional.empty();
        }
        String name = currency.strip().toLowerCase(Locale.ROOT);
        for (Known fiat : FIAT) {
            if (fiat.address().equals(name)) {
                return Optional.of(fiat);
            }
        }
        for (Known token : TOKENS) {
            if (!token.address().equals(name)) {
                continue;
            }
            if (chainId != null ? token.chainId() == chainId.longValue()
                    : "tempo".equals(paymentMethod)
                    && (token.chainId() == TEMPO_MAINNET || token.chainId() == TEMPO_TESTNET)) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }
}
