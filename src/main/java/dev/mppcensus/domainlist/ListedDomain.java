package dev.mppcensus.domainlist;

/**
 * A normalised host name from a list: lower-case ASCII (IDN in punycode), no trailing dot.
 *
 * @param name   the host name, e.g. {@code example.com} or {@code xn--bcher-kva.example}
 * @param rank   the list's rank for it (Tranco CSV), or {@code null} for plain lists
 * @param lineNo the line it came from, counting from 1
 */
public record ListedDomain(String name, Integer rank, long lineNo) implements ListLine {
}
