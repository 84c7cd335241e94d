package dev.mppcensus.schedule;

import dev.mppcensus.census.CensusLauncher;
import dev.mppcensus.census.RunConflictException;
import dev.mppcensus.census.ScanRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.mppcensus.store.CensusRunRepository;

/**
 * Waits for each cron trigger and then, list by list, finishes the unfinished runs of the last
 * {@code resumeDays} nights and runs the night's census through {@link CensusLauncher#run}. The launcher
 * takes the run's advisory lock, so a second scheduler (any process, any machine) meeting a run in
 * progress skips it, and one meeting a completed run does nothing: one run per list and night.
 * A failing run is reported and does not stop the scheduler.
 */
public final class NightlyScheduler {

    private static final Logger log = LoggerFactory.getLogger(NightlyScheduler.class);

    /** What one launch came to. */
    public enum Result {
        /** The run ran (or resumed) to completion in this process. */
        COMPLETED,
        /** The run had completed before; nothing was done. */
        ALREADY_COMPLETED,
        /** Another process holds the run's lock, so it is running there. */
        HELD_ELSEWHERE,
        /** The run ended failed or stopped, or could not start. */
        FAILED
    }

    /** One launch: the list, the night, the run id when known, and its result. */
    public record Launch(String list, LocalDate runDate, Long runId, Result result, String detail) {
    }

    private final CensusLauncher launcher;
    private final CensusRunRepository runs;
    private final ScheduleSettings settings;
    private final BiFunction<ScheduledList, LocalDate, ScanRequest> requests;
    private final Clock clock;
    private final Consumer<Launch> listener;

    /**
     * @param requests builds the scan request of a list for a run date (reads the list file; may throw
     *                 {@link IllegalArgumentException} or an unreadable-list exception, reported as FAILED)
     * @param listener told of every launch as it ends (e.g. to print a line)
     */
    public NightlyScheduler(CensusLauncher launcher, CensusRunRepository runs, ScheduleSettings settings,
            BiFunction<ScheduledList, LocalDate, ScanRequest> requests, Clock clock, Consumer<Launch> listener) {
        this.launcher = launcher;
        this.runs = runs;
        this.settings = settings;
        this.requests = requests;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Serves triggers until {@code maxTriggers} have fired (forever when 0) or the thread is interrupted.
     *
     * @return every launch made
     */
    public List<Launch> run() throws InterruptedException {
        List<Launch> launches = new ArrayList<>();
        int triggers = 0;
        while (settings.maxTriggers() == 0 || triggers < settings.maxTriggers()) {
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(settings.zone()));
            ZonedDateTime next = settings.cron().next(now);
            if (next == null) {
                log.warn("cron expression {} has no further trigger; stopping", settings.cron());
                break;
            }
            log.info("next census at {}", next);
            sleepUntil(next);
            triggers++;
            LocalDate night = settings.fixedRunDate() != null ? settings.fixedRunDate() : next.toLocalDate();
            launches.addAll(runNight(night));
        }
        return launches;
    }

    /** The work of one trigger for run date {@code night}: earlier unfinished runs first, then the night's. */
    public List<Launch> runNight(LocalDate night) {
        List<Launch> launches = new ArrayList<>();
        for (ScheduledList list : settings.lists()) {
            if (settings.resumeDays() > 0) {
                List<LocalDate> unfinished = runs.unfinishedNights(list.name(), night.minusDays(settings.resumeDays()),
                        night);
                for (LocalDate earlier : unfinished) {
                    log.info("list {}: finishing the unfinished run of {}", list.name(), earlier);
                    launches.add(launch(list, earlier));
                }
            }
            launches.add(launch(list, night));
        }
        return launches;
    }

    private Launch launch(ScheduledList list, LocalDate runDate) {
        Launch launch;
        try {
            CensusLauncher.Outcome outcome = launcher.run(requests.apply(list, runDate));
            Result result = outcome.alreadyCompleted() ? Result.ALREADY_COMPLETED
                    : outcome.succeeded() ? Result.COMPLETED : Result.FAILED;
            launch = new Launch(list.name(), runDate, outcome.runId(), result,
                    outcome.failure() == null ? outcome.status().name().toLowerCase() : outcome.failure());
        } catch (RunConflictException e) {
            launch = new Launch(list.name(), runDate, null, Result.HELD_ELSEWHERE, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            launch = new Launch(list.name(), runDate, null, Result.FAILED, "interrupted");
        } catch (Exception e) {
            log.error("list {}: the run of {} could not be made", list.name(), runDate, e);
            launch = new Launch(list.name(), runDate, null, Result.FAILED, e.getMessage());
        }
        log.info("list {} run date {}: {} ({})", list.name(), runDate, launch.result(), launch.detail());
        listener.accept(launch);
        return launch;
    }

    private void sleepUntil(ZonedDateTime next) throws InterruptedException {
        while (true) {
            Duration wait = Duration.between(clock.instant(), next.toInstant());
            if (wait.isNegative() || wait.isZero()) {
                return;
            }
            Thread.sleep(Math.min(wait.toMillis() + 1, 60_000));
        }
    }
}
