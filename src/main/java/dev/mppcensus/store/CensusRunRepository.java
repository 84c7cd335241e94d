package dev.mppcensus.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Census runs by id, list and night. The job opens and closes them through {@link RunRegistry}. */
public interface CensusRunRepository extends JpaRepository<CensusRun, Long> {

    Optional<CensusRun> findFirstByOrderByIdDesc();

    List<CensusRun> findAllByOrderByIdDesc();

    /** The runs of {@code listName} from {@code from} to before {@code before} whose status is not {@code status}, oldest first. */
    List<CensusRun> findByListNameAndStatusNotAndRunDateGreaterThanEqualAndRunDateLessThanOrderByRunDate(
            String listName, String status, LocalDate from, LocalDate before);

    /** The unfinished runs of {@code listName} for nights from {@code from} to before {@code before}, oldest first. */
    default List<LocalDate> unfinishedNights(String listName, LocalDate from, LocalDate before) {
        return findByListNameAndStatusNotAndRunDateGreaterThanEqualAndRunDateLessThanOrderByRunDate(listName,
                CensusRun.COMPLETED, from, before).stream().map(CensusRun::getRunDate).toList();
    }
}
