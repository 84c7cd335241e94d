package dev.mppcensus.store;

import dev.mppcensus.detection.Coded;
import dev.mppcensus.scan.DomainScan;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One column that a record component fills: the column's name (the component's in snake
 * case, an underscore before each capital: {@code x402WellKnownStatus} is {@code x402_well_known_status},
 * unless {@link DomainScan.ColumnName} says otherwise), how the value is stored ({@link Kind}, from the
 * component's type), whether the export shows it and whether the store rather than the record gives it.
 * {@link #of} reads a record class's columns in component order; {@link #DOMAIN_SCAN} are those of
 * {@code scan_result}. Names come from the record classes only, so SQL built from them holds no outside text.
 *
 * @param name            the column's name, and the field's name in the export
 * @param kind            how the value is stored
 * @param exported        whether {@code export} and {@code check --json} show it ({@link DomainScan.NotExported})
 * @param assignedByStore whether the store gives the value rather than the record ({@link DomainScan.AssignedByStore})
 * @param accessor        the component's accessor, of type {@code (Record)Object}
 */
public record ResultColumn(String name, Kind kind, boolean exported, boolean assignedByStore,
                           MethodHandle accessor) {

    /** The columns of {@code scan_result} a {@link DomainScan} fills, in export order. */
    public static final List<ResultColumn> DOMAIN_SCAN = of(DomainScan.class);

    /** How a value is stored, decided by the component's Java type. */
    public enum Kind {
        /** A {@code String}, as {@code text}. */
        TEXT(Types.VARCHAR),
        /** An enum implementing {@link Coded}, as its {@code code()} in {@code text}. */
        CODE(Types.VARCHAR),
        /** An {@code int} or {@code Integer}, as {@code integer}. */
        INTEGER(Types.INTEGER),
        /** A {@code long} or {@code Long}, as {@code bigint}. */
        BIGINT(Types.BIGINT),
        /** A {@code boolean} or {@code Boolean}, as {@code boolean}. */
        BOOLEAN(Types.BOOLEAN),
        /** An {@link Instant}, as {@code timestamptz}. */
        TIMESTAMP(Types.TIMESTAMP),
        /** A {@code List<String>}, as {@code text[]}. */
        TEXT_ARRAY(Types.ARRAY),
        /** A Jackson {@link JsonNode}, as {@code jsonb}. */
        JSON(Types.OTHER),
        /** A {@link BigDecimal}, as {@code numeric}: exact, never a binary fraction. */
        NUMERIC(Types.NUMERIC);

        private final int sqlType;

        Kind(int sqlType) {
            this.sqlType = sqlType;
        }

        /** The {@link Types} constant the value is bound with. */
        public int sqlType() {
            return sqlType;
        }
    }

    /**
     * The columns of {@code type}'s components, in component order, {@link DomainScan.NotAColumn} ones left out.
     *
     * @throws IllegalStateException for a component of a type that has no {@link Kind}
     */
    public static List<ResultColumn> of(Class<? extends Record> type) {
        List<ResultColumn> columns = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.isAnnotationPresent(DomainScan.NotAColumn.class)) {
                continue;
            }
            DomainScan.ColumnName named = component.getAnnotation(DomainScan.ColumnName.class);
            columns.add(new ResultColumn(named == null ? snakeCase(component.getName()) : named.value(),
                    kindOf(component), !component.isAnnotationPresent(DomainScan.NotExported.class),
                    component.isAnnotationPresent(DomainScan.AssignedByStore.class), accessor(component)));
        }
        return List.copyOf(columns);
    }

    /** The component's value in {@code record}, a record of the class the column was read from. */
    public Object valueIn(Record record) {
        try {
            return (Object) accessor.invokeExact(record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read " + name + " of " + record.getClass(), e);
        }
    }

    /** A handle on the component's accessor: the store reads every value of every row through it. */
    private static MethodHandle accessor(RecordComponent component) {
        try {
            return MethodHandles.lookup().unreflect(component.getAccessor())
                    .asType(MethodType.methodType(Object.class, Record.class));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    static String snakeCase(String name) {
        StringBuilder snake = new StringBuilder(name.length() + 8);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_').append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }

    private static Kind kindOf(RecordComponent component) {
        Class<?> type = component.getType();
        if (type == String.class) {
            return Kind.TEXT;
        } else if (type.isEnum() && Coded.class.isAssignableFrom(type)) {
            return Kind.CODE;
        } else if (type == int.class || type == Integer.class) {
            return Kind.INTEGER;
        } else if (type == long.class || type == Long.class) {
            return Kind.BIGINT;
        } else if (type == boolean.class || type == Boolean.class) {
            return Kind.BOOLEAN;
        } else if (type == Instant.class) {
            return Kind.TIMESTAMP;
        } else if (type == List.class && component.getGenericType() instanceof ParameterizedType list
                && list.getActualTypeArguments()[0] == String.class) {
            return Kind.TEXT_ARRAY;
        } else if (JsonNode.class.isAssignableFrom(type)) {
            return Kind.JSON;
        } else if (type == BigDecimal.class) {
            return Kind.NUMERIC;
        }
        throw new IllegalStateException(component.getDeclaringRecord().getSimpleName() + "." + component.getName()
                + ": no column kind for " + component.getGenericType().getTypeName() + " (store it as one of "
                + List.of(Kind.values()) + ", or mark it @NotAColumn and store it apart)");
    }
}
