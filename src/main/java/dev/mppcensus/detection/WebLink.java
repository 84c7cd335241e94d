package dev.mppcensus.detection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One link-value of an RFC 8288 {@code Link} field.
 *
 * @param target     the raw URI-reference between {@code <} and {@code >}, unresolved
 * @param relations  the space-separated relation types of the first {@code rel} parameter,
 *                   lowercased; empty when there is no {@code rel}
 * @param parameters the link parameters by lowercased name, values unquoted and unescaped; the first
 *                   occurrence of a name wins; a parameter without value maps to {@code ""}
 */
public record WebLink(String target, List<String> relations, Map<String, String> parameters) {

    public WebLink {
        target = target == null ? "" : target;
        relations = relations == null ? List.of() : List.copyOf(relations);
        parameters = parameters == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Whether one of the relation types equals {@code relation}, ignoring case. */
    public boolean hasRelation(String relation) {
        return relation != null && relations.contains(relation.toLowerCase(java.util.Locale.ROOT));
    }
}
