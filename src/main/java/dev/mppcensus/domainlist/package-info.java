/**
 * Reading and normalising domain lists: plain text (one name a line, {@code #} comments) and
 * Tranco-style {@code rank,domain} CSV, optionally gzip-compressed. Every line becomes either a
 * {@link dev.mppcensus.domainlist.ListedDomain} or a {@link dev.mppcensus.domainlist.RejectedLine}
 * with a reason; nothing in a list is fatal.
 */
package dev.mppcensus.domainlist;
