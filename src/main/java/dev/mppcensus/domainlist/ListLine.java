package dev.mppcensus.domainlist;

/** What one physical line of a domain list turned out to be. */
public sealed interface ListLine permits ListedDomain, RejectedLine, ListLine.Ignored {

    /** The line's number in the file, counting from 1. */
    long lineNo();

    /** A blank line, a comment or a CSV header: carries nothing and is not counted as rejected. */
    record Ignored(long lineNo) implements ListLine {
    }
}
