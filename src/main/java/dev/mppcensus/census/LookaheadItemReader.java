package dev.mppcensus.census;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads one item ahead of its delegate so that it knows, when it hands out an item, whether it is
 * the last one; it then runs {@code onLastItem}. The scan step uses this to make the chunk holding
 * the last domain wait for every scan still in flight, so no result is left unwritten.
 */
final class LookaheadItemReader<T> implements ItemStreamReader<T> {

    private final ItemStreamReader<T> delegate;
    private final Runnable onLastItem;
    private T next;
    private boolean started;

    LookaheadItemReader(ItemStreamReader<T> delegate, Runnable onLastItem) {
        this.delegate = delegate;
        this.onLastItem = onLastItem;
    }

    @Override
    public T read() throws Exception {
        if (!started) {
            next = delegate.read();
            started = true;
        }
        T current = next;
        if (current == null) {
            return null;
        }
        next = delegate.read();
        if (next == null) {
            onLastItem.run();
        }
        return current;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        delegate.open(executionContext);
    }

    @Override
    public void update(ExecutionContext executionContext) {
        delegate.update(executionContext);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
