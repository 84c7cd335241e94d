package dev.mppcensus.store;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Read access to a run's rejected lines. */
public interface RejectedLineRepository extends JpaRepository<RejectedLineRow, RejectedLineRow.Key> {

    List<RejectedLineRow> findByRunIdOrderByLineNo(Long runId);
}
