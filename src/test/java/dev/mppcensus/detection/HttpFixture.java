package dev.mppcensus.detection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A raw HTTP response saved as a test fixture ({@code curl -si} output): optional leading comment lines
 * starting with {@code "# "}, the status line, header lines, an empty line, the body bytes.
 */
record HttpFixture(int status, HttpHeaders headers, byte[] body) {

    static HttpFixture load(String resource) {
        try (InputStream in = HttpFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpFixture parse(byte[] raw) {
        int pos = 0;
        Integer status = null;
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        while (pos < raw.length) {
            int end = indexOf(raw, (byte) '\n', pos);
            int next = end < 0 ? raw.length : end + 1;
            String line = new String(raw, pos, (end < 0 ? raw.length : end) - pos, StandardCharsets.ISO_8859_1);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            pos = next;
            if (status == null) {
                if (line.startsWith("# ") || line.equals("#")) {
                    continue;
                }
                String[] parts = line.split(" ", 3);
                status = Integer.parseInt(parts[1]);
                continue;
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        if (status == null) {
            throw new IllegalArgumentException("no status line");
        }
        return new HttpFixture(status, HttpHeaders.of(new LinkedHashMap<>(headers), (a, b) -> true),
                Arrays.copyOfRange(raw, Math.min(pos, raw.length), raw.length));
    }

    private static int indexOf(byte[] b, byte wanted, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Headers from name/value pairs, for tests. */
    static HttpHeaders headersOf(String... nameValuePairs) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
            map.computeIfAbsent(nameValuePairs[i], k -> new ArrayList<>()).add(nameValuePairs[i + 1]);
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }
}
