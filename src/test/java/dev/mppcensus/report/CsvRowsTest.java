package dev.mppcensus.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV of {@code export --format csv} and {@code report ... --format csv}: RFC 4180, quoted only where needed. */
class CsvRowsTest {

    @Test
    void writesAHeaderAndQuotesOnlyFieldsThatNeedIt() {
        StringWriter out = new StringWriter();
        CsvRows csv = new CsvRows(out, List.of("domain", "methods", "evidence"));
        csv.write(Arrays.asList("a.test", "tempo stripe", "{\"links\":[\"<x>; rel=a, <y>\"]}"));
        csv.write(Arrays.asList("b.test", null, "line one\nline two"));
        csv.write(Arrays.asList("", "say \"hi\"", "a\rb"));
        csv.flush();

        assertThat(out.toString()).isEqualTo("domain,methods,evidence\r\n"
                + "a.test,tempo stripe,\"{\"\"links\"\":[\"\"<x>; rel=a, <y>\"\"]}\"\r\n"
                + "b.test,,\"line one\nline two\"\r\n"
                + ",\"say \"\"hi\"\"\",\"a\rb\"\r\n");
    }
}
