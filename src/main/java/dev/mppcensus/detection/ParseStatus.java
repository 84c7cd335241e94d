package dev.mppcensus.detection;

/** How far a fetched JSON document could be read. */
public enum ParseStatus {
    /** The document is JSON whose top-level value is an object. */
    VALID_OBJECT,
    /** The document is JSON, but the top-level value is an array, string, number, boolean or null. */
    NOT_AN_OBJECT,
    /** The document is not JSON, or exceeded a size or nesting limit. */
    INVALID_JSON,
    /** The document had no content (no bytes, only a byte order mark, or only whitespace). */
    EMPTY
}
