package dev.mppcensus.report;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rows of named columns, as a report query returns them, printable as an aligned table, CSV or JSON.
 * Column names are the JSON field names (and the CSV header); values are numbers, strings, booleans,
 * dates, lists of strings or {@code null}. Columns named {@code *_share} hold fractions and print as
 * percentages in a table.
 */
public record ReportTable(List<String> columns, List<List<Object>> rows) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public ReportTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** Writes the table in {@code format}; an empty table is a header line, an empty CSV or {@code []}. */
    public void write(ReportFormat format, PrintWriter out) {
        switch (format) {
            case TABLE -> writeAligned(out);
            case CSV -> writeCsv(out);
            case JSON -> out.println(toJson().toPrettyString());
        }
        out.flush();
    }

    /** One object per row. */
    public ArrayNode toJson() {
        ArrayNode array = NODES.arrayNode();
        for (List<Object> row : rows) {
            ObjectNode node = array.addObject();
            for (int i = 0; i < columns.size(); i++) {
                put(node, columns.get(i), row.get(i));
            }
        }
        return array;
    }

    static void put(ObjectNode node, String name, Object value) {
        switch (value) {
            case null -> node.putNull(name);
            case Long l -> node.put(name, l);
            case Integer n -> node.put(name, n);
            case BigDecimal d -> node.put(name, d);
            case Double d -> node.put(name, d);
            case Boolean b -> node.put(name, b);
            case Collection<?> items -> {
                ArrayNode array = node.putArray(name);
                items.forEach(item -> array.add(String.valueOf(item)));
            }
            default -> node.put(name, value.toString());
        }
    }

    private void writeAligned(PrintWriter out) {
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.toArray(String[]::new));
        boolean[] numeric = new boolean[columns.size()];
        for (List<Object> row : rows) {
            String[] line = new String[columns.size()];
            for (int i = 0; i < line.length; i++) {
                Object value = row.get(i);
                numeric[i] |= value instanceof Number;
                line[i] = tableText(columns.get(i), value);
            }
            cells.add(line);
        }
        int[] widths = new int[columns.size()];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                if (i > 0) {
                    text.append("  ");
                }
                String pad = " ".repeat(widths[i] - line[i].length());
                text.append(numeric[i] ? pad + line[i] : line[i] + (i == line.length - 1 ? "" : pad));
            }
            out.println(text.toString().stripTrailing());
        }
    }

    private static String tableText(String column, Object value) {
        if (value == null) {
            return "";
        }
        if (column.endsWith("_share") && value instanceof BigDecimal fraction) {
            return fraction.movePointRight(2).setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
        }
        return plainText(value);
    }

    private static String plainText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> items) {
            return String.join(" ", items.stream().map(String::valueOf).toList());
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    private void writeCsv(PrintWriter out) {
        CsvRows csv = new CsvRows(out, columns);
        for (List<Object> row : rows) {
            csv.write(row.stream().map(ReportTable::plainText).toList());
        }
        csv.flush();
    }

    /** The same rows with only {@code names}, in that order. */
    public ReportTable select(String... names) {
        int[] index = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            index[i] = columns.indexOf(names[i]);
            if (index[i] < 0) {
                throw new IllegalArgumentException("no column " + names[i]);
            }
        }
        List<List<Object>> selected = new ArrayList<>();
        for (List<Object> row : rows) {
            List<Object> values = new ArrayList<>();
            for (int i : index) {
                values.add(row.get(i));
            }
            selected.add(java.util.Collections.unmodifiableList(values));
        }
        return new ReportTable(List.of(names), selected);
    }
}
