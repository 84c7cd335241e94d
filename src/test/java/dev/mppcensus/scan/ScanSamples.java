package dev.mppcensus.scan;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@link DomainScan}s for tests, given by component name:
 * {@code ScanSamples.scan("domain", "a.test", "rank", 7, "reachable", true)}. A component left out gets
 * its type's empty value ({@code null}, {@code false}, {@code 0}, an empty list, an empty JSON object or array),
 * so a test keeps compiling, and means the same, when {@code DomainScan} gains a component.
 */
public final class ScanSamples {

    private static final RecordComponent[] COMPONENTS = DomainScan.class.getRecordComponents();
    private static final Constructor<DomainScan> CANONICAL = canonical();

    private ScanSamples() {
    }

    /**
     * A scan with the given components, as name and value pairs.
     *
     * @throws IllegalArgumentException for an odd count, a name {@code DomainScan} has not, or a value of the
     *                                  wrong type
     */
    public static DomainScan scan(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs: " + Arrays.toString(namesAndValues));
        }
        Map<String, Object> given = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            given.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        Object[] values = new Object[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            String name = COMPONENTS[i].getName();
            values[i] = given.containsKey(name) ? given.remove(name) : empty(COMPONENTS[i].getType());
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("DomainScan has no component " + given.keySet());
        }
        try {
            return CANONICAL.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("DomainScan refused " + List.of(namesAndValues), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Constructor<DomainScan> canonical() {
        try {
            return DomainScan.class.getDeclaredConstructor(
                    Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object empty(Class<?> type) {
        if (type == boolean.class) {
            return false;
        } else if (type == int.class) {
            return 0;
        } else if (type == long.class) {
            return 0L;
        } else if (type == List.class) {
            return List.of();
        } else if (type == ArrayNode.class) {
            return JsonNodeFactory.instance.arrayNode();
        } else if (JsonNode.class.isAssignableFrom(type)) {
            return JsonNodeFactory.instance.objectNode();
        }
        return null;
    }
}
