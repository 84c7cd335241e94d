package dev.mppcensus.census;

import dev.mppcensus.store.RunLock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The run locks this process holds, so that the steps can check before each chunk write that the
 * lock is still theirs. A database restart ends the lock's session and frees the lock while this
 * process may still be able to write through fresh pool connections; another process could then
 * take the lock and run the same run alongside. Failing the chunk instead keeps one writer per run.
 */
@Component
class HeldRunLocks {

    private final Map<String, RunLock> held = new ConcurrentHashMap<>();

    void add(RunLock lock) {
        held.put(lock.key(), lock);
    }

    void remove(RunLock lock) {
        held.remove(lock.key(), lock);
    }

    /**
     * Throws {@link RunLockLostException} if this process took the run's lock and has since lost it.
     * Does nothing for a run this process did not lock (a job started without the launcher, in tests).
     */
    void verifyHeld(long runId, String listName, LocalDate runDate) {
        RunLock lock = held.get(RunLock.key(listName, runDate));
        if (lock != null && !lock.isHeld()) {
            throw new RunLockLostException(runId);
        }
    }
}
