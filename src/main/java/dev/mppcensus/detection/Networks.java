package dev.mppcensus.detection;

import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The network an MPP offer settles on, from its challenge's decoded {@code request}:
 * {@code methodDetails.chainId} (Tempo mainnet 4217, Tempo testnet 42431, well-known EVM chain ids,
 * also written {@code eip155:ID}), else a {@code methodDetails.network} name containing
 * {@code mainnet}, {@code testnet}, {@code devnet} or {@code sepolia}.
 */
public final class Networks {

    public static final String MAINNET = "mainnet";
    public static final String TESTNET = "testnet";
    public static final String UNKNOWN = "unknown";

    /** Tempo and EVM production chains: Ethereum, Optimism, BNB, Gnosis, Polygon, Base, Arbitrum, Celo, Avalanche, Linea, Scroll, Blast, Unichain, Sonic, World Chain, zkSync, Mantle. */
    private static final Set<Long> MAINNETS = Set.of(4217L, 1L, 10L, 56L, 100L, 137L, 8453L, 42161L, 42220L, 43114L,
            59144L, 534352L, 81457L, 130L, 146L, 480L, 324L, 5000L);

    /** Tempo testnet and EVM test chains: Sepolia, Holesky, Hoodi, Base Sepolia, Arbitrum Sepolia, OP Sepolia, Polygon Amoy, Fuji, BNB testnet, Linea Sepolia, Scroll Sepolia, Unichain Sepolia, Celo Alfajores, Goerli. */
    private static final Set<Long> TESTNETS = Set.of(42431L, 11155111L, 17000L, 560048L, 84532L, 421614L, 11155420L,
            80002L, 43113L, 97L, 59141L, 534351L, 1301L, 44787L, 5L);

    private Networks() {
    }

    /**
     * Classifies one offer.
     *
     * @param request the challenge's decoded {@code request} object; {@code null} gives {@link #UNKNOWN}
     * @return {@link #MAINNET}, {@link #TESTNET} or {@link #UNKNOWN}; never throws
     */
    public static String of(JsonNode request) {
        JsonNode details = request == null ? null : request.get("methodDetails");
        if (details == null || !details.isObject()) {
            return UNKNOWN;
        }
        Long chainId = chainId(details.get("chainId"));
        if (chainId != null) {
            return MAINNETS.contains(chainId) ? MAINNET : TESTNETS.contains(chainId) ? TESTNET : UNKNOWN;
        }
        JsonNode network = details.get("network");
        if (network != null && network.isString()) {
            String name = network.stringValue().toLowerCase(Locale.ROOT);
            if (name.contains("testnet") || name.contains("devnet") || name.contains("sepolia")) {
                return TESTNET;
            }
            if (name.contains("mainnet")) {
                return MAINNET;
            }
            if (name.startsWith("eip155:")) {
                return ofChainId(chainId(network));
            }
        }
        return UNKNOWN;
    }

    /** The network of a chain id ({@code null} gives {@link #UNKNOWN}). */
    static String ofChainId(Long chainId) {
        return chainId == null ? UNKNOWN
                : MAINNETS.contains(chainId) ? MAINNET : TESTNETS.contains(chainId) ? TESTNET : UNKNOWN;
    }

    static Long chainId(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isString()) {
            String text = node.stringValue().strip();
            if (text.regionMatches(true, 0, "eip155:", 0, 7)) {
                text = text.substring(7);
            }
            if (text.matches("[0-9]{1,18}")) {
                return Long.parseLong(text);
            }
        }
        return null;
    }
}
