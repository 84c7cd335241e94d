/** Read-only views of stored runs: the per-domain export (JSON Lines or CSV). */
package dev.mppcensus.report;
