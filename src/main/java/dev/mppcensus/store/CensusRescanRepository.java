package dev.mppcensus.store;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Rescan rounds by id and run; written through {@link RescanRegistry}. */
interface CensusRescanRepository extends JpaRepository<CensusRescan, Long> {

    /** The latest round of run {@code runId}, if it has been rescanned at all. */
    Optional<CensusRescan> findFirstByRunIdOrderByRoundDesc(long runId);
}
