package dev.mppcensus.domainlist;

/**
 * A list line that is not a usable host name.
 *
 * @param lineNo the line number, counting from 1
 * @param raw    the line as read (capped at {@link #MAX_RAW_LENGTH} characters)
 * @param reason a short human-readable reason, e.g. {@code "IP address, not a host name"}
 */
public record RejectedLine(long lineNo, String raw, String reason) implements ListLine {

    public static final int MAX_RAW_LENGTH = 512;

    public RejectedLine {
        if (raw.length() > MAX_RAW_LENGTH) {
            raw = raw.substring(0, MAX_RAW_LENGTH);
        }
    }
}
