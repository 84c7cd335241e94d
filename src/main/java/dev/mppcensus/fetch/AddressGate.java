package dev.mppcensus.fetch;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds the requests in flight to one IP address across every host name served from it, so that a
 * hosting provider with thousands of listed domains sees at most {@code limit} of our requests at a
 * time. Waiting threads queue fairly. Entries exist only while some request holds or awaits them,
 * so the map does not grow with the number of addresses ever seen.
 */
final class AddressGate {

    private final int limit;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        final Semaphore permits;
        int users; // guarded by the map's compute lock

        Entry(int limit) {
            permits = new Semaphore(limit, true);
        }
    }

    /** @param limit permits per address; {@code 0} means unlimited (every call returns at once) */
    AddressGate(int limit) {
        this.limit = limit;
    }

    /**
     * Waits for a permit for {@code address} and returns what releases it (call exactly once).
     *
     * @throws InterruptedException when interrupted while waiting; nothing is held then
     */
    Runnable enter(String address) throws InterruptedException {
        if (limit == 0 || address == null) {
            return () -> { };
        }
        Entry entry = entries.compute(address, (key, existing) -> {
            Entry e = existing == null ? new Entry(limit) : existing;
            e.users++;
            return e;
        });
        try {
            entry.permits.acquire();
        } catch (InterruptedException e) {
            leave(address);
            throw e;
        }
        return () -> {
            entry.permits.release();
            leave(address);
        };
    }

    private void leave(String address) {
        entries.computeIfPresent(address, (key, e) -> --e.users == 0 ? null : e);
    }

    /** Addresses currently tracked (for tests). */
    int trackedAddresses() {
        return entries.size();
    }
}
