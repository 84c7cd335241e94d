package dev.mppcensus.store;

import dev.mppcensus.domainlist.ListedDomain;
import dev.mppcensus.domainlist.RejectedLine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Stages a run's list into {@code run_domain} and {@code rejected_line}. Idempotent: staging the
 * same lines again changes nothing. A name already staged from an earlier line is recorded as a
 * rejected duplicate.
 */
@Repository
public class StagingStore {

    private static final String INSERT_DOMAINS = """
            INSERT INTO run_domain (run_id, domain, line_no, rank)
            SELECT ?, d.domain, d.line_no, d.rank
              FROM unnest(?::text[], ?::bigint[], ?::integer[]) AS d(domain, line_no, rank)
            ON CONFLICT DO NOTHING
            RETURNING line_no""";
    private static final String FIND_STAGED_LINES = """
            SELECT line_no FROM run_domain WHERE run_id = ? AND line_no = ANY(?::bigint[])""";
    private static final String INSERT_REJECTED = """
            INSERT INTO rejected_line (run_id, line_no, raw, reason)
            SELECT ?, r.line_no, r.raw, r.reason
              FROM unnest(?::bigint[], ?::text[], ?::text[]) AS r(line_no, raw, reason)
            ON CONFLICT DO NOTHING""";

    private final JdbcTemplate jdbc;

    public StagingStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stages the domains (first occurrence of a name wins) and the rejected lines of one chunk. */
    public void stage(long runId, List<ListedDomain> domains, List<RejectedLine> rejected) {
        List<RejectedLine> allRejected = new ArrayList<>(rejected);
        if (!domains.isEmpty()) {
            Set<Long> inserted = new HashSet<>(jdbc.queryForList(INSERT_DOMAINS, Long.class, runId,
                    domains.stream().map(ListedDomain::name).toArray(String[]::new),
                    domains.stream().map(ListedDomain::lineNo).toArray(Long[]::new),
                    domains.stream().map(ListedDomain::rank).toArray(Integer[]::new)));
            List<ListedDomain> notInserted = domains.stream().filter(d -> !inserted.contains(d.lineNo())).toList();
            if (!notInserted.isEmpty()) {
                // a line may already be staged by an earlier attempt of this chunk; only the rest are duplicates
                Set<Long> alreadyStaged = new HashSet<>(jdbc.queryForList(FIND_STAGED_LINES, Long.class, runId,
                        notInserted.stream().map(ListedDomain::lineNo).toArray(Long[]::new)));
                notInserted.stream()
                        .filter(d -> !alreadyStaged.contains(d.lineNo()))
                        .forEach(d -> allRejected.add(new RejectedLine(d.lineNo(), d.name(), "duplicate of an earlier line")));
            }
        }
        if (!allRejected.isEmpty()) {
            jdbc.update(INSERT_REJECTED, runId,
                    allRejected.stream().map(RejectedLine::lineNo).toArray(Long[]::new),
                    allRejected.stream().map(r -> r.raw().replace('\0', '\uFFFD')).toArray(String[]::new),
                    allRejected.stream().map(RejectedLine::reason).toArray(String[]::new));
        }
    }
}
