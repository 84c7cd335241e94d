package dev.mppcensus.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses which payable operations of one site to probe: at most {@code max}, among those that may speak
 * MPP ({@link PayableOperation#mppOffered()}: an operation whose {@code x-payment-info} names only x402
 * declares no MPP and is not probed) and whose HTTP method may be sent. GET comes
 * first, then HEAD, POST, PUT, PATCH, DELETE and the rest, in document order. A first pass takes operations that add a
 * method/intent offer not covered yet (so distinct offers are all seen), a second pass fills the
 * remaining places in the same order.
 */
public final class OperationSelection {

    private static final List<String> METHOD_ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    private OperationSelection() {
    }

    /**
     * @param operations     the payable operations, in document order
     * @param allowedMethods HTTP methods that may be sent, upper case
     * @param max            most operations chosen
     * @return the chosen operations, in probing order; never {@code null}
     */
    public static List<PayableOperation> choose(List<PayableOperation> operations, Set<String> allowedMethods,
                                                int max) {
        List<PayableOperation> candidates = new ArrayList<>(operations.stream()
                .filter(PayableOperation::mppOffered)
                .filter(op -> allowedMethods.contains(op.httpMethod().toUpperCase(Locale.ROOT)))
                .toList());
        candidates.sort(Comparator.comparing(op -> rank(op.httpMethod())));
        List<PayableOperation> chosen = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        for (PayableOperation op : candidates) {
            if (chosen.size() < max && !covered.containsAll(offers(op))) {
                chosen.add(op);
                covered.addAll(offers(op));
            }
        }
        for (PayableOperation op : candidates) {
            if (chosen.size() < max && !chosen.contains(op)) {
                chosen.add(op);
            }
        }
        chosen.sort(Comparator.comparing(candidates::indexOf));
        return List.copyOf(chosen);
    }

    private static int rank(String httpMethod) {
        int i = METHOD_ORDER.indexOf(httpMethod.toUpperCase(Locale.ROOT));
        return i < 0 ? METHOD_ORDER.size() : i;
    }

    /** The method/intent pairs an operation offers ({@code ?} for an unnamed part). */
    private static Set<String> offers(PayableOperation op) {
        Set<String> offers = new HashSet<>();
        List<String> methods = op.methods().isEmpty() ? List.of("?") : op.methods();
        List<String> intents = op.intents().isEmpty() ? List.of("?") : op.intents();
        for (String method : methods) {
            for (String intent : intents) {
                offers.add(method + "/" + intent);
            }
        }
        return offers;
    }
}
