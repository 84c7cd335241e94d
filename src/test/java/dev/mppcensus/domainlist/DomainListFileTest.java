package dev.mppcensus.domainlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainListFileTest {

    @TempDir
    Path dir;

    @Test
    void readsGzipAndByteOrderMarks() throws IOException {
        Path gz = dir.resolve("list.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("a.example\r\nb.example\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(lines(gz)).containsExactly("a.example", "b.example");
        assertThat(DomainListFile.open(gz).defaultName()).isEqualTo("list.txt");

        Path utf16 = dir.resolve("utf16.txt");
        byte[] body = "c.example\nd.example\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[body.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(body, 0, withBom, 2, body.length);
        Files.write(utf16, withBom);
        assertThat(lines(utf16)).containsExactly("c.example", "d.example");

        Path utf8Bom = dir.resolve("bom.txt");
        Files.write(utf8Bom, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'e', '.', 'i', 'o'});
        assertThat(lines(utf8Bom)).containsExactly("e.io");
    }

    @Test
    void missingOrUnreadableListIsAOneLineError() {
        assertThatThrownBy(() -> DomainListFile.open(dir.resolve("nope.txt")))
                .isInstanceOf(DomainListFile.UnreadableListException.class)
                .hasMessageStartingWith("domain list not found: ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> DomainListFile.open(dir))
                .isInstanceOf(DomainListFile.UnreadableListException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void checksumIsStableSha256() throws IOException {
        Path list = dir.resolve("l.txt");
        Files.writeString(list, "abc");
        assertThat(DomainListFile.open(list).sha256())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static List<String> lines(Path path) throws IOException {
        try (BufferedReader reader = DomainListFile.open(path).openReader()) {
            return reader.lines().toList();
        }
    }
}
