package dev.mppcensus.report;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What changed in run {@code runId} against the previous completed run of the same list
 * ({@code previousRunId}, {@code null} for a list's first run, which then has no changes). Each
 * array holds domains in rank order. The JSON field names are a contract.
 *
 * @param newlyDeclaring       declaring now; in the previous run they declared nothing and spoke no MPP
 * @param undeclaredToDeclared declaring now; in the previous run they spoke MPP without declaring it
 *                             ({@code undeclared_mpp})
 * @param unseen               declared in the previous run and unseen now (behind a bot wall: neither
 *                             dropped nor broke)
 * @param details              one row per (domain, change) with the previous and current verdict
 * @param priceChanges         one row per offer whose price differs from the same operation's offer in the
 *                             previous run (view {@code price_change}), by the domain's rank
 */
public record RunChanges(long runId, Long previousRunId, List<String> newlyDeclaring, List<String> dropped,
        List<String> broke, List<String> fixed, List<String> undeclaredToDeclared, List<String> unseen,
        ReportTable details, ReportTable priceChanges) {

    public RunChanges {
        newlyDeclaring = List.copyOf(newlyDeclaring);
        undeclaredToDeclared = List.copyOf(undeclaredToDeclared);
        dropped = List.copyOf(dropped);
        broke = List.copyOf(broke);
        fixed = List.copyOf(fixed);
        unseen = List.copyOf(unseen);
    }

    /**
     * {@code {"run_id", "previous_run_id", "newly_declaring", "dropped", "broke", "fixed",
     * "undeclared_to_declared", "unseen", "price_changes"}}, {@code price_changes} an array of objects.
     */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("run_id", runId);
        node.put("previous_run_id", previousRunId);
        array(node.putArray("newly_declaring"), newlyDeclaring);
        array(node.putArray("dropped"), dropped);
        array(node.putArray("broke"), broke);
        array(node.putArray("fixed"), fixed);
        array(node.putArray("undeclared_to_declared"), undeclaredToDeclared);
        array(node.putArray("unseen"), unseen);
        node.set("price_changes", priceChanges.toJson());
        return node;
    }

    private static void array(ArrayNode array, List<String> domains) {
        domains.forEach(array::add);
    }
}
