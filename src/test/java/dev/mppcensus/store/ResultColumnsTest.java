package dev.mppcensus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mppcensus.detection.PaymentOffer;
import dev.mppcensus.report.ExportRecord;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.scan.ErrorKind;
import dev.mppcensus.testdb.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adding a field to a domain's result takes a {@link DomainScan} component, its column in a migration and,
 * when exported, its row in docs/export.md's field table: these tests fail until the three agree, and
 * pin how a component's name and type become its column.
 */
class ResultColumnsTest {

    /** Columns of {@code scan_result} that only the store's upsert writes: the bookkeeping of attempts. */
    private static final Set<String> UPSERT_BOOKKEEPING = Set.of("first_scanned_at", "previous_reachable",
            "previous_error_kind", "previous_domain_verdict", "rescan_id");
    private static final Map<ResultColumn.Kind, String> POSTGRES_TYPES = Map.of(
            ResultColumn.Kind.TEXT, "text", ResultColumn.Kind.CODE, "text", ResultColumn.Kind.INTEGER, "int4",
            ResultColumn.Kind.BIGINT, "int8", ResultColumn.Kind.BOOLEAN, "bool", ResultColumn.Kind.TIMESTAMP,
            "timestamptz", ResultColumn.Kind.TEXT_ARRAY, "_text", ResultColumn.Kind.JSON, "jsonb",
            ResultColumn.Kind.NUMERIC, "numeric");

    private static JdbcTemplate jdbc;

    @BeforeAll
    static void migrated() {
        String url = TestDatabase.jdbcUrl();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(new SingleConnectionDataSource(url, true));
    }

    @Test
    void everyComponentOfADomainScanIsAColumnOfScanResultOfItsType() {
        assertColumnsMatch("scan_result", ResultColumn.DOMAIN_SCAN, UPSERT_BOOKKEEPING);
    }

    @Test
    void everyComponentOfAProbeRowIsAColumnOfEndpointProbeOfItsType() {
        assertColumnsMatch("endpoint_probe", ResultColumn.of(ProbeRow.class), Set.of());
    }

    @Test
    void everyComponentOfAPaymentOfferIsAColumnOfPaymentOfferOfItsType() {
        assertColumnsMatch("payment_offer", ResultColumn.of(PaymentOffer.class),
                Set.of("run_id", "domain", "offer_index"));
    }

    @Test
    void theExportedFieldsAreTheFieldTableOfDocsExportInOrder() throws IOException {
        List<String> exported = new ArrayList<>(ResultColumn.DOMAIN_SCAN.stream().filter(ResultColumn::exported)
                .map(ResultColumn::name).toList());
        exported.add(ExportRecord.OFFERS);
        assertThat(ExportRecord.FIELDS).isEqualTo(exported);
        assertThat(documentedFields(Path.of("docs", "export.md"), "## Fields"))
                .as("the first column of the field table in docs/export.md (## Fields), against DomainScan's "
                        + "exported components: a field added to one needs its row in the other, in the same order")
                .containsExactlyElementsOf(exported);
    }

    @Test
    void theOfferFieldsAreTheOffersTableOfDocsExportInOrder() throws IOException {
        assertThat(documentedFields(Path.of("docs", "export.md"), "## Offers"))
                .as("the field table in docs/export.md (## Offers), against PaymentOffer's components")
                .containsExactlyElementsOf(ExportRecord.OFFER_COLUMNS.stream().map(ResultColumn::name).toList());
    }

    @ParameterizedTest
    @CsvSource({
            "domain, domain",
            "siteHost, site_host",
            "x402WellKnownStatus, x402_well_known_status",
            "openapiPayableOperations, openapi_payable_operations",
            "openapi402Operations, openapi402_operations",
            "runId, run_id"})
    void aColumnIsNamedAfterItsComponentInSnakeCase(String component, String column) {
        assertThat(ResultColumn.snakeCase(component)).isEqualTo(column);
    }

    @Test
    void annotationsAndTypesDecideEachColumn() {
        record Sample(@DomainScan.AssignedByStore Long id, String text, @DomainScan.ColumnName("status_402") Integer status,
                      @DomainScan.NotExported boolean hidden, @DomainScan.NotAColumn List<Object> storedApart,
                      ErrorKind kind, Instant at, List<String> tags, ObjectNode document, long count) {
        }

        List<String> described = ResultColumn.of(Sample.class).stream()
                .map(c -> c.name() + " " + c.kind() + (c.exported() ? "" : " not exported")
                        + (c.assignedByStore() ? " by the store" : ""))
                .toList();

        assertThat(described).containsExactly("id BIGINT by the store", "text TEXT", "status_402 INTEGER",
                "hidden BOOLEAN not exported", "kind CODE", "at TIMESTAMP", "tags TEXT_ARRAY", "document JSON",
                "count BIGINT");
    }

    @Test
    void aComponentOfAnotherTypeIsRefusedByName() {
        record Odd(String fine, List<Integer> numbers) {
        }

        assertThatThrownBy(() -> ResultColumn.of(Odd.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Odd.numbers").hasMessageContaining("java.util.List<java.lang.Integer>")
                .hasMessageContaining("@NotAColumn");
    }

    /**
     * {@code table}'s columns are {@code columns} (of the types their kinds store) and {@code writtenElsewhere},
     * none missing, none more.
     */
    private static void assertColumnsMatch(String table, List<ResultColumn> columns, Set<String> writtenElsewhere) {
        Map<String, String> types = new LinkedHashMap<>();
        jdbc.query("SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = ? ORDER BY ordinal_position",
                rs -> {
                    types.put(rs.getString(1), rs.getString(2));
                }, table);
        assertThat(types).as(table + " after the migrations").isNotEmpty();
        Map<String, String> declared = new LinkedHashMap<>();
        columns.forEach(column -> declared.put(column.name(), POSTGRES_TYPES.get(column.kind())));
        assertThat(types.keySet()).as("columns of %s that no component declares (a migration without its component?)",
                table).isSubsetOf(union(declared.keySet(), writtenElsewhere));
        declared.forEach((name, type) -> assertThat(types.get(name))
                .as("%s.%s, declared by a component (a component without its migration?)", table, name)
                .isEqualTo(type));
    }

    private static List<String> union(Set<String> a, Set<String> b) {
        List<String> union = new ArrayList<>(a);
        union.addAll(b);
        return union;
    }

    /** The names in backquotes in the first column of the table under {@code heading}, in order. */
    private static List<String> documentedFields(Path markdown, String heading) throws IOException {
        List<String> fields = new ArrayList<>();
        boolean inSection = false;
        Pattern name = Pattern.compile("`([a-z0-9_]+)`");
        for (String line : Files.readAllLines(markdown)) {
            if (line.startsWith("## ")) {
                inSection = line.equals(heading);
            } else if (inSection && line.startsWith("|")) {
                String firstCell = line.substring(1, line.indexOf('|', 1));
                Matcher matcher = name.matcher(firstCell);
                while (matcher.find()) {
                    fields.add(matcher.group(1));
                }
            }
        }
        return fields;
    }
}
