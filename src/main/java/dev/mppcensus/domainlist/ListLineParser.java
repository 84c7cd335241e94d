package dev.mppcensus.domainlist;

import org.springframework.batch.infrastructure.item.file.LineMapper;
import org.springframework.batch.infrastructure.item.file.transform.DelimitedLineTokenizer;
import org.springframework.batch.infrastructure.item.file.transform.FieldSet;

/**
 * Maps one line of a domain list to a {@link ListLine}. A line holding a comma is a CSV row
 * {@code rank,domain} (the Tranco format; quoted fields allowed, a {@code rank,domain} header is
 * ignored); any other line is a host name, optionally followed by a {@code #} comment.
 * Never throws for bad input: it returns a {@link RejectedLine} with the reason.
 */
public final class ListLineParser implements LineMapper<ListLine> {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final DelimitedLineTokenizer csv = new DelimitedLineTokenizer();

    public ListLineParser() {
        csv.setStrict(false);
    }

    @Override
    public ListLine mapLine(String line, int lineNumber) {
        return parse(line, lineNumber);
    }

    /** Parses {@code line}, found at {@code lineNo} (from 1); {@code null} is treated as blank. */
    public ListLine parse(String line, long lineNo) {
        String text = line == null ? "" : line;
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        String stripped = text.strip();
        if (stripped.isEmpty() || stripped.startsWith("#")) {
            return new ListLine.Ignored(lineNo);
        }
        if (stripped.indexOf(',') >= 0) {
            return csvRow(text, stripped, lineNo);
        }
        int comment = stripped.indexOf(" #");
        String token = comment >= 0 ? stripped.substring(0, comment) : stripped;
        return toDomain(token, null, text, lineNo);
    }

    private ListLine csvRow(String raw, String stripped, long lineNo) {
        FieldSet fields;
        try {
            fields = csv.tokenize(stripped);
        } catch (RuntimeException e) {
            return new RejectedLine(lineNo, raw, "unparsable CSV row");
        }
        String[] values = fields.getValues();
        if (values.length == 2 && values[0].strip().equalsIgnoreCase("rank")) {
            return new ListLine.Ignored(lineNo);
        }
        if (values.length < 2) {
            return new RejectedLine(lineNo, raw, "CSV row needs 2 columns (rank,domain), has " + values.length);
        }
        if (values.length > 2) {
            return new RejectedLine(lineNo, raw, "CSV row has " + values.length + " columns, expected rank,domain");
        }
        Integer rank = parseRank(values[0].strip());
        if (rank == null) {
            return new RejectedLine(lineNo, raw, "rank '" + values[0].strip() + "' is not a positive integer");
        }
        return toDomain(values[1], rank, raw, lineNo);
    }

    private static Integer parseRank(String text) {
        try {
            int rank = Integer.parseInt(text);
            return rank > 0 ? rank : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ListLine toDomain(String token, Integer rank, String raw, long lineNo) {
        HostNames.Normalized normalized = HostNames.normalize(token);
        return normalized.accepted()
                ? new ListedDomain(normalized.name(), rank, lineNo)
                : new RejectedLine(lineNo, raw, normalized.rejection());
    }
}
