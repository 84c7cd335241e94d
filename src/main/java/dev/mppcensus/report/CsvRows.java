package dev.mppcensus.report;

import java.io.Writer;
import java.util.List;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * RFC 4180 CSV written by Jackson's CSV module: a header row of column names, then one row per
 * {@link #write(List)}, CRLF line ends, a field quoted only when it holds a comma, a quote or a line break,
 * {@code null} as an empty field. {@link #flush()} leaves the target open (it may be stdout).
 */
final class CsvRows {

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final SequenceWriter rows;

    /** Starts CSV with {@code columns} as its header on {@code out}. */
    CsvRows(Writer out, List<String> columns) {
        CsvSchema schema = CsvSchema.builder().addColumns(columns, CsvSchema.ColumnType.STRING).setUseHeader(true)
                .setLineSeparator("\r\n").build();
        this.rows = CSV.writer(schema).writeValues(out);
    }

    /** Writes one row; {@code cells} has one text (or {@code null}) per column, in header order. */
    void write(List<String> cells) {
        rows.write(cells);
    }

    /** Writes out what is buffered, without closing the target. */
    void flush() {
        rows.flush();
    }
}
