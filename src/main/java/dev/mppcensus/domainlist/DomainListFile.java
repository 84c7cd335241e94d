package dev.mppcensus.domainlist;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * A domain list on disk: checks that it can be read, computes its checksum, and opens it as text,
 * transparently gunzipping ({@code .gz} or gzip magic bytes) and honouring a UTF-8, UTF-16LE or
 * UTF-16BE byte order mark; without one, a NUL as first or second byte means UTF-16 BE or LE (an ASCII
 * host name in UTF-16), anything else UTF-8. Lines may end in LF, CRLF or CR. Undecodable bytes become
 * U+FFFD, which the parser rejects per line.
 */
public record DomainListFile(Path path) {

    /** Thrown when the list cannot be used at all; the message is one line meant for the user. */
    public static final class UnreadableListException extends RuntimeException {
        public UnreadableListException(String message) {
            super(message);
        }
    }

    /**
     * Checks that the list exists and is a readable regular file.
     *
     * @throws UnreadableListException with a one-line reason otherwise
     */
    public static DomainListFile open(Path path) {
        if (!Files.exists(path)) {
            throw new UnreadableListException("domain list not found: " + path);
        }
        if (!Files.isRegularFile(path)) {
            throw new UnreadableListException("domain list is not a regular file: " + path);
        }
        if (!Files.isReadable(path)) {
            throw new UnreadableListException("domain list is not readable: " + path);
        }
        return new DomainListFile(path.toAbsolutePath().normalize());
    }

    /** The list's name for reports: its file name without {@code .gz}. */
    public String defaultName() {
        String name = path.getFileName().toString();
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    /** SHA-256 of the file's bytes as stored (compressed if it is compressed), in hex. */
    public String sha256() {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UnreadableListException("cannot read domain list " + path + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens the list as decoded text lines. The caller closes the reader. */
    public BufferedReader openReader() {
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == 0x1f && b2 == 0x8b) {
                in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            Charset charset = detectCharset(in);
            var decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open domain list " + path, e);
        }
    }

    /** Reads a byte order mark if there is one (consuming it) and returns the charset it names. */
    private static Charset detectCharset(InputStream in) throws IOException {
        in.mark(3);
        int b1 = in.read();
        int b2 = in.read();
        if (b1 == 0xFE && b2 == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (b1 == 0xFF && b2 == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        int b3 = in.read();
        if (b1 == 0xEF && b2 == 0xBB && b3 == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        in.reset();
        // No BOM: a list of ASCII host names in UTF-16 shows a NUL in every other byte.
        if (b1 > 0 && b2 == 0) {
            return StandardCharsets.UTF_16LE;
        }
        if (b1 == 0 && b2 > 0) {
            return StandardCharsets.UTF_16BE;
        }
        return StandardCharsets.UTF_8;
    }
}
