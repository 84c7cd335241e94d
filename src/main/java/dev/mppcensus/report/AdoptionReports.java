package dev.mppcensus.report;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Service;

/**
 * Read-only queries behind the {@code report} commands, over the views and functions of
 * {@code V5__adoption_reporting.sql}. Summaries of runs that ended are refreshed by a trigger when the
 * run closes; {@link #refreshStale()} catches up the others (running runs, runs closed before the
 * migration) and is called before every report.
 */
@Service
public class AdoptionReports {

    /** The rank buckets of {@code run_summary}. */
    public static final Set<String> RANK_BUCKETS = Set.of("all", "top1k", "top10k", "top100k", "top1m");

    private static final String RUN_FILTER = """
             (?::text IS NULL OR list_name = ?) AND (?::date IS NULL OR run_date >= ?)
             AND (?::date IS NULL OR run_date <= ?)""";

    private static final String REFRESH_STALE = """
            SELECT refresh_run_summary(r.id) FROM census_run r
             WHERE r.status = 'running'
                OR NOT EXISTS (SELECT 1 FROM run_summary s WHERE s.run_id = r.id AND s.rank_bucket = 'all'
                               AND s.refreshed_at >= coalesce(r.finished_at, r.started_at))""";

    private static final String ADOPTION = """
            SELECT run_id, run_date, list_name AS list, status, rank_bucket, domains, scanned, reachable,
                   ai_agent_json, declared, declared_well_known, declared_link, declared_openapi, verified, stub,
                   x402_confused, invalid, endpoint_unreachable, declared_unchecked, session_capable, x402_declared,
                   reachable_share, declared_share, declared_well_known_share, declared_link_share,
                   declared_openapi_share, verified_share, declared_x402_well_known, auth_required, needs_input,
                   verified_mainnet, verified_testnet, undeclared_mpp, undeclared_found, undeclared_share,
                   streaming_domains, session_missing_domains, stream_operations, session_missing_operations,
                   seen, unseen, unseen_share
              FROM adoption WHERE rank_bucket = ? AND""" + RUN_FILTER + " ORDER BY list_name, run_date, run_id";

    private static final String CHANGES = """
            SELECT domain, rank, change, previous_verdict, verdict FROM run_changes(?)""";

    private static final String SPAN = """
            SELECT list_name AS list, first_seen_declaring, last_seen_declaring, runs_declaring,
                   first_seen_verified, last_seen_verified
              FROM domain_declaring_span(?) WHERE (?::text IS NULL OR list_name = ?) ORDER BY list_name""";

    private static final String HISTORY = """
            SELECT run_id, run_date, list_name AS list, reachable, error_kind, domain_verdict AS verdict,
                   previous_verdict, changed, declared_via, mpp_endpoints, methods, intents, session_supported
              FROM domain_history(?) WHERE""" + RUN_FILTER + " ORDER BY list_name, run_date";

    private static final String METHODS = """
            SELECT run_id, run_date, list_name AS list, kind, name, method_class, domains, verified,
                   share_of_verified AS verified_share, other_names
              FROM run_methods WHERE (?::bigint IS NULL OR run_id = ?) AND""" + RUN_FILTER + """
              ORDER BY list_name, run_date, run_id, kind, other_names IS NOT NULL, domains DESC, name""";

    private static final String ERRORS = """
            SELECT e.error_kind, e.domains, e.unreachable, e.share AS domains_share
              FROM run_errors e WHERE e.run_id = ? ORDER BY e.error_kind = 'none', e.domains DESC, e.error_kind""";

    private static final String WALLS = """
            SELECT bot_vendor, unseen, unseen_share, walled, walled_share
              FROM run_walls WHERE run_id = ? ORDER BY unseen DESC, walled DESC, bot_vendor""";

    private static final String HOSTS = """
            SELECT registrable_domain, hosts, domains, endpoints, verified_endpoints
              FROM endpoint_registrable_hosting WHERE run_id = ?
             ORDER BY domains DESC, registrable_domain NULLS LAST""";

    // The first LIMIT rows by rank (list order where the list has no ranks), then, for those only, the first
    // run of the same list in which each declared (scan_result_domain_history serves the lateral lookup).
    private static final String DECLARING = """
            WITH declaring AS (
                SELECT s.domain, d.rank, d.line_no, s.declared_via, s.domain_verdict, s.methods, s.intents,
                       r.list_name, count(*) OVER () AS total
                  FROM scan_result s
                  JOIN run_domain d ON d.run_id = s.run_id AND d.domain = s.domain
                  JOIN census_run r ON r.id = s.run_id
                 WHERE s.run_id = ? AND cardinality(s.declared_via) > 0
                 ORDER BY d.rank NULLS LAST, d.line_no
                 LIMIT ?)
            SELECT x.domain, x.rank, x.declared_via, x.domain_verdict,
                   ARRAY(SELECT m FROM unnest(x.methods) WITH ORDINALITY u (m, i)
                          WHERE payment_method_specified(m) ORDER BY i) AS methods,
                   ARRAY(SELECT m FROM unnest(x.methods) WITH ORDINALITY u (m, i)
                          WHERE NOT payment_method_specified(m) ORDER BY i) AS other_methods,
                   x.intents, f.id, f.run_date, x.total
              FROM declaring x
             CROSS JOIN LATERAL (
                   SELECT fr.id, fr.run_date FROM scan_result p JOIN census_run fr ON fr.id = p.run_id
                    WHERE p.domain = x.domain AND fr.list_name = x.list_name AND cardinality(p.declared_via) > 0
                    ORDER BY fr.run_date, fr.id LIMIT 1) f
             ORDER BY x.rank NULLS LAST, x.line_no""";

    // Operations of run ? that sell a stream without offering a session, domains by rank (list order where the
    // list has none), operations as listed in the evidence.
    private static final String STREAMS_WITHOUT_SESSION = """
            SELECT o.domain, o.rank, o.domain_verdict AS verdict, o.http_method, o.path, o.reasons, o.offers_from,
                   o.intents, s.stream_operations, s.session_missing
              FROM stream_operation o
              JOIN scan_result s ON s.run_id = o.run_id AND s.domain = o.domain
              JOIN run_domain d ON d.run_id = o.run_id AND d.domain = o.domain
             WHERE o.run_id = ? AND o.outcome = 'session_missing'
             ORDER BY d.rank NULLS LAST, d.line_no, o.path, o.http_method""";

    // Per source, method, intent, network and currency of run ?: the distribution of prices (run_price_distribution),
    // numbers without trailing zeros.
    private static final String PRICES = """
            SELECT source, payment_method, intent, network, currency, offers, priced,
                   trim_scale(min_price) AS min_price, trim_scale(q1_price) AS q1_price,
                   trim_scale(median_price) AS median_price, trim_scale(q3_price) AS q3_price,
                   trim_scale(max_price) AS max_price, priced_usd, trim_scale(min_usd) AS min_usd,
                   trim_scale(q1_usd) AS q1_usd, trim_scale(median_usd) AS median_usd, trim_scale(q3_usd) AS q3_usd,
                   trim_scale(max_usd) AS max_usd, ranges, trim_scale(range_min) AS range_min,
                   trim_scale(range_max) AS range_max, trim_scale(range_min_usd) AS range_min_usd,
                   trim_scale(range_max_usd) AS range_max_usd, dynamic, quote, invalid, decimals_unknown
              FROM run_price_distribution WHERE run_id = ?
             ORDER BY source, payment_method NULLS LAST, intent NULLS LAST, network NULLS LAST, currency NULLS LAST""";

    // The price changes of run ? against previous_run(?) (price_change), by the domain's rank; previous_price_text
    // and price_text say each side in one word or number (the price, else the amount as given; min..max for a range).
    private static final String PRICE_CHANGES = """
            SELECT c.domain, s.rank, c.url, c.http_method, c.operation, c.source, c.payment_method, c.intent,
                   c.network, c.currency, c.previous_price_mode, c.price_mode,
                   CASE c.previous_price_mode
                        WHEN 'fixed' THEN coalesce(trim_scale(c.previous_price)::text, c.previous_amount)
                        WHEN 'range' THEN coalesce(trim_scale(c.previous_price_min)::text, c.previous_amount_min) || '..'
                                          || coalesce(trim_scale(c.previous_price_max)::text, c.previous_amount_max)
                        ELSE c.previous_price_mode END AS previous_price_text,
                   CASE c.price_mode
                        WHEN 'fixed' THEN coalesce(trim_scale(c.price)::text, c.amount)
                        WHEN 'range' THEN coalesce(trim_scale(c.price_min)::text, c.amount_min) || '..'
                                          || coalesce(trim_scale(c.price_max)::text, c.amount_max)
                        ELSE c.price_mode END AS price_text,
                   c.direction, c.previous_amount, c.amount, c.previous_amount_min, c.amount_min,
                   c.previous_amount_max, c.amount_max, trim_scale(c.previous_price) AS previous_price,
                   trim_scale(c.price) AS price, trim_scale(c.previous_price_min) AS previous_price_min,
                   trim_scale(c.price_min) AS price_min, trim_scale(c.previous_price_max) AS previous_price_max,
                   trim_scale(c.price_max) AS price_max, trim_scale(c.previous_amount_usd) AS previous_amount_usd,
                   trim_scale(c.amount_usd) AS amount_usd, trim_scale(c.previous_amount_min_usd) AS previous_amount_min_usd,
                   trim_scale(c.amount_min_usd) AS amount_min_usd,
                   trim_scale(c.previous_amount_max_usd) AS previous_amount_max_usd,
                   trim_scale(c.amount_max_usd) AS amount_max_usd, c.previous_invalid_reason, c.invalid_reason
              FROM price_change c
              LEFT JOIN scan_result s ON s.run_id = c.run_id AND s.domain = c.domain
             WHERE c.run_id = ? AND c.previous_run_id = (SELECT previous_run(?))
             ORDER BY s.rank NULLS LAST, c.domain, c.url, c.http_method, c.source, c.payment_method NULLS LAST,
                      c.intent NULLS LAST, c.network NULLS LAST, c.currency NULLS LAST""";

    private static final String OFFER_PRICES = """
            SELECT domain, source, network, currency, price_mode, amount, amount_min, amount_max, price, price_min,
                   price_max, amount_usd, amount_min_usd, amount_max_usd, invalid_reason
              FROM payment_offer WHERE run_id = ? ORDER BY domain, offer_index""";

    private static final String LATEST_COMPLETED_RUN = """
            SELECT id FROM census_run WHERE status = 'completed' AND (?::text IS NULL OR list_name = ?)
             ORDER BY run_date DESC, id DESC LIMIT 1""";

    private static final String RUN_EXISTS = "SELECT count(*) FROM census_run WHERE id = ?";
    private static final String LATEST_RUN = """
            SELECT id FROM census_run WHERE (?::text IS NULL OR list_name = ?)
             ORDER BY run_date DESC, id DESC LIMIT 1""";
    private static final String PREVIOUS_RUN = "SELECT previous_run(?)";
    private static final String REFRESH_ONE = "SELECT refresh_run_summary(?)";

    private final JdbcTemplate jdbc;

    AdoptionReports(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Refreshes the summaries of running runs and of runs whose summary is missing or older than their end. */
    public int refreshStale() {
        return jdbc.queryForList(REFRESH_STALE).size();
    }

    /** Recomputes one run's summary (after a rescan, or by hand). */
    public void refresh(long runId) {
        requireRun(runId);
        jdbc.query(REFRESH_ONE, rs -> { }, runId);
    }

    /**
     * One row per run in {@code filter}, in list and date order, for the domains within
     * {@code rankBucket} ({@code all}, {@code top1k}, {@code top10k}, {@code top100k}, {@code top1m}).
     */
    public ReportTable adoption(RunFilter filter, String rankBucket) {
        String bucket = rankBucket == null ? "all" : rankBucket.strip().toLowerCase(Locale.ROOT);
        if (!RANK_BUCKETS.contains(bucket)) {
            throw new IllegalArgumentException("--rank must be one of all, top1k, top10k, top100k, top1m, not '"
                    + rankBucket + "'");
        }
        return table(ADOPTION, concat(new Object[] {bucket}, filterArgs(filter)));
    }

    /** The changes of run {@code runId}; {@link IllegalArgumentException} if there is no such run. */
    public RunChanges changes(long runId) {
        requireRun(runId);
        Long previous = jdbc.queryForObject(PREVIOUS_RUN, Long.class, runId);
        ReportTable details = table(CHANGES, runId);
        List<String> newly = new ArrayList<>();
        List<String> undeclaredToDeclared = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<String> broke = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        List<String> unseen = new ArrayList<>();
        for (List<Object> row : details.rows()) {
            String domain = (String) row.get(0);
            switch ((String) row.get(2)) {
                case "newly_declaring" -> newly.add(domain);
                case "undeclared_to_declared" -> undeclaredToDeclared.add(domain);
                case "dropped" -> dropped.add(domain);
                case "broke" -> broke.add(domain);
                case "fixed" -> fixed.add(domain);
                case "unseen" -> unseen.add(domain);
                default -> throw new IllegalStateException("unknown change " + row.get(2));
            }
        }
        ReportTable prices = table(PRICE_CHANGES, runId, runId);
        return new RunChanges(runId, previous, newly, dropped, broke, fixed, undeclaredToDeclared, unseen, details,
                prices);
    }

    /**
     * The operations of run {@code runId} that sell a stream but offer no session (a one-shot flow where a
     * session is needed), by the domain's rank; {@link IllegalArgumentException} if there is no such run.
     */
    public ReportTable streamsWithoutSession(long runId) {
        requireRun(runId);
        return table(STREAMS_WITHOUT_SESSION, runId);
    }

    /**
     * The prices of run {@code runId}: per offer source, payment method, intent, network and currency, the
     * offers and the distribution of their fixed prices in the currency and in US dollars where known
     * ({@code run_price_distribution}); {@link IllegalArgumentException} if there is no such run.
     */
    public ReportTable prices(long runId) {
        requireRun(runId);
        return table(PRICES, runId);
    }

    /** Every offer of run {@code runId} with its price, by domain and position. */
    public List<OfferPrice> offerPrices(long runId) {
        return jdbc.query(OFFER_PRICES, (rs, n) -> new OfferPrice(rs.getString("domain"), rs.getString("source"),
                rs.getString("network"), rs.getString("currency"), rs.getString("price_mode"), rs.getString("amount"),
                rs.getString("amount_min"), rs.getString("amount_max"), rs.getBigDecimal("price"),
                rs.getBigDecimal("price_min"), rs.getBigDecimal("price_max"), rs.getBigDecimal("amount_usd"),
                rs.getBigDecimal("amount_min_usd"), rs.getBigDecimal("amount_max_usd"), rs.getString("invalid_reason")),
                runId);
    }

    /** {@code domain}'s history (lower-cased) in the runs of {@code filter}. */
    public DomainHistory domainHistory(String domain, RunFilter filter) {
        String name = domain.strip().toLowerCase(Locale.ROOT);
        return new DomainHistory(name, table(SPAN, name, filter.list(), filter.list()),
                table(HISTORY, concat(new Object[] {name}, filterArgs(filter))));
    }

    /**
     * Methods and intents among verified domains, per run of {@code filter} (or only {@code runId}): each
     * method with a published specification by name, then one row {@code other} for all the others
     * ({@code other_names} lists them as found).
     */
    public ReportTable methods(RunFilter filter, Long runId) {
        if (runId != null) {
            requireRun(runId);
        }
        return table(METHODS, concat(new Object[] {runId, runId}, filterArgs(filter)));
    }

    /** Domains per error kind in run {@code runId} ({@code none}: no error). */
    public ReportTable errors(long runId) {
        requireRun(runId);
        return table(ERRORS, runId);
    }

    /**
     * The bot walls of run {@code runId} per vendor, most unseen domains first: domains unseen behind its walls
     * and domains with any check walled by it, each also as a share of the run's reachable domains.
     */
    public ReportTable walls(long runId) {
        requireRun(runId);
        return table(WALLS, runId);
    }

    /**
     * Where the endpoints probed in run {@code runId} are hosted, by registrable domain (Public Suffix
     * List), most shared first.
     */
    public ReportTable hosts(long runId) {
        requireRun(runId);
        return table(HOSTS, runId);
    }

    /**
     * The first {@code limit} domains of run {@code runId} that declare MPP, in rank order, with how many
     * declare in all; {@link IllegalArgumentException} if there is no such run.
     */
    public DeclaringDomains declaringDomains(long runId, int limit) {
        requireRun(runId);
        long[] total = {0};
        List<DeclaringDomains.Row> rows = jdbc.query(DECLARING, (rs, n) -> {
            total[0] = rs.getLong("total");
            return new DeclaringDomains.Row(rs.getString("domain"), (Integer) rs.getObject("rank"),
                    strings(rs.getArray("declared_via")), rs.getString("domain_verdict"), strings(rs.getArray("methods")),
                    strings(rs.getArray("other_methods")), strings(rs.getArray("intents")), rs.getLong("id"),
                    rs.getObject("run_date", LocalDate.class));
        }, runId, limit);
        return new DeclaringDomains(rows, total[0]);
    }

    /**
     * Resolves {@code --run}: a run id, or {@code latest} for the most recent run (of {@code list} when
     * given). {@link IllegalArgumentException} when there is no such run.
     */
    public long resolveRun(String run, String list) {
        if (run == null || run.equalsIgnoreCase("latest")) {
            List<Long> latest = jdbc.queryForList(LATEST_RUN, Long.class, list, list);
            if (latest.isEmpty()) {
                throw new IllegalArgumentException(list == null ? "there are no runs yet" : "list '" + list
                        + "' has no runs");
            }
            return latest.getFirst();
        }
        long id;
        try {
            id = Long.parseLong(run.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--run must be a run id or 'latest', not '" + run + "'");
        }
        requireRun(id);
        return id;
    }

    /**
     * Resolves {@code --run} as {@link #resolveRun} does, except that {@code latest} is the most recent
     * <em>completed</em> run (of {@code list} when given): a running or failed run holds only part of its offers.
     */
    public long resolveCompletedRun(String run, String list) {
        if (run == null || run.equalsIgnoreCase("latest")) {
            List<Long> latest = jdbc.queryForList(LATEST_COMPLETED_RUN, Long.class, list, list);
            if (latest.isEmpty()) {
                throw new IllegalArgumentException(list == null ? "there is no completed run yet"
                        : "list '" + list + "' has no completed run");
            }
            return latest.getFirst();
        }
        return resolveRun(run, list);
    }

    private void requireRun(long runId) {
        Long count = jdbc.queryForObject(RUN_EXISTS, Long.class, runId);
        if (count == null || count == 0) {
            throw new IllegalArgumentException("no run with id " + runId);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Object[] filterArgs(RunFilter filter) {
        return new Object[] {filter.list(), filter.list(), filter.since(), filter.since(), filter.until(),
                filter.until()};
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private ReportTable table(String sql, Object... args) {
        ResultSetExtractor<ReportTable> extractor = rs -> {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(value(rs, i));
                }
                rows.add(Collections.unmodifiableList(row));
            }
            return new ReportTable(columns, rows);
        };
        return jdbc.query(sql, extractor, args);
    }

    private static Object value(ResultSet rs, int column) throws SQLException {
        Object value = rs.getObject(column);
        return switch (value) {
            case null -> null;
            case java.sql.Date date -> date.toLocalDate();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            case Array array -> List.of((Object[]) array.getArray());
            default -> value;
        };
    }
}
