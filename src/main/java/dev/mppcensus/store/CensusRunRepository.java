package dev.mppcensus.store;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Read access to census runs. Runs are created and closed by the job through {@link RunRegistry}. */
public interface CensusRunRepository extends JpaRepository<CensusRun, Long> {

    Optional<CensusRun> findFirstByOrderByIdDesc();

    List<CensusRun> findAllByOrderByIdDesc();
}
