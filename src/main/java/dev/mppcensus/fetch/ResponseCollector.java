package dev.mppcensus.fetch;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;

/**
 * Listens to one Jetty exchange: keeps status and headers, copies the body into a buffer that never
 * grows past the cap (aborting the response when more arrives), aborts right after the headers for
 * headers-only requests, and remembers the address connected to. Jetty calls it from its own threads;
 * the fetching thread reads it after {@link #completion()} completed, which orders the accesses.
 */
final class ResponseCollector implements Response.Listener {

    /** Marks a response deliberately aborted after its headers; not a failure. */
    static final class HeadersReceived extends RuntimeException {
        HeadersReceived() {
            super("body not read (headers only)", null, false, false);
        }
    }

    /** Most bytes allocated for a body before they arrive, whatever length the server declares. */
    static final int MOST_ALLOCATED_AHEAD = 64 * 1024;

    private final int maxBodyBytes;
    private final boolean readBody;
    private final CompletableFuture<Result> completion = new CompletableFuture<>();
    private volatile String remoteAddress;
    private volatile int status = -1;
    private volatile HttpHeaders headers;
    private byte[] body = new byte[0]; // guarded by this
    private int length; // guarded by this
    private volatile boolean truncated;

    ResponseCollector(int maxBodyBytes, boolean readBody) {
        this.maxBodyBytes = maxBodyBytes;
        this.readBody = readBody;
    }

    /** Records the connection a request was sent on (called at request begin). */
    void connection(Connection connection) {
        if (connection != null) {
            remoteAddress = format(connection.getRemoteSocketAddress());
        }
    }

    /**
     * Keeps the final response's status and headers. An interim (1xx) response is not the answer: Jetty
     * passes it on when the deadline cuts one short.
     */
    @Override
    public void onHeaders(Response response) {
        if (HttpStatus.isInterim(response.getStatus())) {
            return;
        }
        status = response.getStatus();
        headers = convert(response.getHeaders());
        boolean head = "HEAD".equals(response.getRequest().getMethod());
        if (!readBody && !head) {
            response.abort(new HeadersReceived());
        } else if (!head && status != HttpStatus.NO_CONTENT_204 && status != HttpStatus.NOT_MODIFIED_304) {
            sizeForDeclaredLength(response.getHeaders().get(HttpHeader.CONTENT_LENGTH));
        }
    }

    /**
     * A body whose length the server declared gets a buffer of that length at once, no larger than the
     * cap and {@value #MOST_ALLOCATED_AHEAD} bytes (a length is only a claim): no growing, and no copy when
     * it is full. A body of unknown length grows as it arrives.
     */
    private synchronized void sizeForDeclaredLength(String contentLength) {
        if (contentLength == null || length > 0) {
            return;
        }
        try {
            long declared = Long.parseLong(contentLength.trim());
            if (declared > 0) {
                body = new byte[(int) Math.min(declared, Math.min(maxBodyBytes, MOST_ALLOCATED_AHEAD))];
            }
        } catch (NumberFormatException e) {
            // not a length: the body grows as it arrives
        }
    }

    @Override
    public synchronized void onContent(Response response, ByteBuffer content) {
        if (truncated) {
            return;
        }
        int room = maxBodyBytes - length;
        int take = Math.min(room, content.remaining());
        if (take > 0) {
            ensureCapacity(length + take);
            content.get(body, length, take);
            length += take;
        }
        if (content.hasRemaining()) {
            truncated = true;
            response.abort(new BodyTooLargeException(maxBodyBytes));
        }
    }

    @Override
    public void onComplete(Result result) {
        completion.complete(result);
    }

    CompletableFuture<Result> completion() {
        return completion;
    }

    int status() {
        return status;
    }

    HttpHeaders headers() {
        return headers;
    }

    /** The body read; the buffer itself when the body filled it (the collector is done with it by then). */
    synchronized byte[] body() {
        return length == body.length ? body : Arrays.copyOf(body, length);
    }

    boolean truncated() {
        return truncated;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    private void ensureCapacity(int needed) {
        if (needed > body.length) {
            int grown = Math.max(needed, Math.min(maxBodyBytes, Math.max(8192, body.length * 2)));
            body = Arrays.copyOf(body, grown);
        }
    }

    /** Jetty fields to JDK headers: names case-insensitive, one value per header line, order kept. */
    static HttpHeaders convert(Iterable<HttpField> fields) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField field : fields) {
            String value = field.getValue() == null ? "" : field.getValue();
            map.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(value);
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String ip = inet.getAddress().getHostAddress();
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + inet.getPort();
        }
        return address == null ? null : address.toString();
    }
}
