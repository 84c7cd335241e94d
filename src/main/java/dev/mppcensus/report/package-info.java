/**
 * Read-only views of stored runs: the {@code report} queries over the SQL views, the per-domain export
 * (JSON Lines or CSV, one CSV writer for both; its record, {@code ExportRecord}, is derived from
 * {@code DomainScan}'s components), and the self-contained HTML report.
 */
package dev.mppcensus.report;
