package dev.mppcensus.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mppcensus.scan.DomainScan;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ResultWriterThreadTest {

    private static final List<DomainScan> ONE_BATCH = java.util.Collections.nCopies(3, null);

    @Test
    void writesEachBatchOnItsOwnThreadAndFlushWaitsForTheLast() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (var writer = new ResultWriterThread(scans -> {
            threads.add(Thread.currentThread().getName());
            sizes.add(scans.size());
        })) {
            writer.write(ONE_BATCH);
            writer.write(List.of());
            writer.write(ONE_BATCH.subList(0, 1));
            writer.flush();

            assertThat(sizes).containsExactly(3, 1);
            assertThat(threads).containsOnly("scan-result-writer");
        }
    }

    @Test
    void aFailedBatchFailsTheNextHandOverWithItsOwnException() throws Exception {
        IllegalStateException databaseDown = new IllegalStateException("database down");
        try (var writer = new ResultWriterThread(scans -> {
            throw databaseDown;
        })) {
            writer.write(ONE_BATCH);

            assertThatThrownBy(() -> writer.write(ONE_BATCH)).isSameAs(databaseDown);
        }
    }
}
