package dev.mppcensus.domainlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One list of bad (and a few good) lines, written to disk in every encoding and line ending a user
 * may hand us, read end to end through {@link DomainListFile} and {@link ListLineParser}: each line is
 * accepted (normalised), rejected with a reason, or ignored, identically in every form. Duplicates pass
 * the parser and are dropped by the staging store (see the census tests).
 */
class BadListLinesTest {

    /** line | expected: a normalised domain, "reject: reason fragment", or "ignored". */
    static final String[][] TABLE = {
            {"rank,domain", "ignored"},
            {"# a comment", "ignored"},
            {"", "ignored"},
            {"1,example.com", "example.com"},
            {"2,https://shop.example.com/path?q=1", "reject: URL with a path"},
            {"3,example.org:8080", "reject: has a port"},
            {"4,192.0.2.1", "reject: IP address"},
            {"5,[2001:db8::1]", "reject: IP address"},
            {"6,admin@example.net", "reject: e-mail address"},
            {"7,exa mple.com", "reject: whitespace inside name"},
            {"8," + "a".repeat(64) + ".com", "reject: label longer than 63"},
            {"9," + ("abcdefghi.").repeat(25) + "comx", "reject: longer than 253"},
            {"10,a..b.com", "reject: empty label"},
            {"11,under_score.com", "reject: underscore"},
            {"12,xn--zz.com", "reject: invalid punycode"},
            {"13,bell\u0007.com", "reject: control character"},
            {"14,nul\u0000.com", "reject: control character"},
            {"15", "reject: single-label name"},
            {"16,", "reject: empty host name"},
            {"17,extra.com,more", "reject: CSV row has 3 columns"},
            {"18,example.com", "example.com"},
            {"19,Bücher.example", "xn--bcher-kva.example"},
            {"20,EXAMPLE.NET.", "example.net"},
            {"-1,negative.com", "reject: rank '-1' is not a positive integer"},
            {"x,letters.com", "reject: rank 'x' is not a positive integer"},
            {"21,\"quoted.com\"", "quoted.com"},
            {"22,tab\t.com", "reject: control character"},
            {"23,\u00a0nbsp.com", "reject: whitespace inside name"},
            {"24,-leading-hyphen.com", "reject: inner hyphens"},
            {"25,localhost", "reject: single-label name"},
            {"26,com", "reject: single-label name"},
            {"27,\u202eevil.com", "reject: invalid internationalised name"},
            {"plain.example", "plain.example"},
            {"  spaced.example  ", "spaced.example"},
            {"with-comment.example # note", "with-comment.example"},
    };

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"utf8-lf", "utf8-crlf", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be",
            "utf8-crlf-gzip", "cr-only"})
    void everyLineIsAcceptedRejectedOrIgnoredTheSameInEveryEncoding(String form) throws IOException {
        Path file = write(form);
        List<String> actual = new ArrayList<>();
        ListLineParser parser = new ListLineParser();
        try (BufferedReader reader = DomainListFile.open(file).openReader()) {
            String line;
            long n = 0;
            while ((line = reader.readLine()) != null) {
                actual.add(describe(parser.parse(line, ++n)));
            }
        }
        List<String> problems = new ArrayList<>();
        assertThat(actual).as(form + ": lines").hasSize(TABLE.length);
        for (int i = 0; i < TABLE.length; i++) {
            String expected = TABLE[i][1];
            String got = actual.get(i);
            boolean ok = expected.startsWith("reject:") ? got.startsWith("reject:") && got.contains(expected.substring(8))
                    : got.equals(expected);
            if (!ok) {
                problems.add("line " + (i + 1) + " " + printable(TABLE[i][0]) + ": expected " + expected + " got " + got);
            }
        }
        assertThat(problems).as(form).isEmpty();
    }

    private static String describe(ListLine line) {
        return switch (line) {
            case ListedDomain d -> d.name();
            case RejectedLine r -> "reject: " + r.reason();
            case ListLine.Ignored i -> "ignored";
        };
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(c < 0x20 || (c >= 0x7f && c < 0xa1) || c == 0x202e
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return b.length() > 60 ? b.substring(0, 60) + "…" : b.toString();
    }

    private Path write(String form) throws IOException {
        String eol = form.contains("crlf") ? "\r\n" : form.equals("cr-only") ? "\r" : "\n";
        StringBuilder text = new StringBuilder();
        for (String[] row : TABLE) {
            text.append(row[0]).append(eol);
        }
        Charset charset = form.startsWith("utf16le") ? StandardCharsets.UTF_16LE
                : form.startsWith("utf16be") ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_8;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (form.endsWith("-bom")) {
            bytes.writeBytes("\uFEFF".getBytes(charset));
        }
        bytes.writeBytes(text.toString().getBytes(charset));
        byte[] content = bytes.toByteArray();
        if (form.endsWith("-gzip")) {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(content);
            }
            content = gz.toByteArray();
        }
        Path file = dir.resolve("list-" + form + ".csv");
        Files.write(file, content);
        return file;
    }
}
