package dev.mppcensus.schedule;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.scheduling.support.CronExpression;

/**
 * How the scheduler runs: the cron expression (Spring's six fields, seconds first) in {@code zone};
 * the lists; how many nights back an unfinished run is finished before the new night's run
 * ({@code resumeDays}, 0: never); a fixed run date for replays and tests ({@code null}: the trigger's
 * date in {@code zone}); and how many triggers to serve before returning ({@code maxTriggers}, 0: forever).
 */
public record ScheduleSettings(CronExpression cron, ZoneId zone, List<ScheduledList> lists, int resumeDays,
        LocalDate fixedRunDate, int maxTriggers) {

    /** 02:00 every day. */
    public static final String DEFAULT_CRON = "0 0 2 * * *";

    public ScheduleSettings {
        lists = List.copyOf(lists);
        if (lists.isEmpty()) {
            throw new IllegalArgumentException("schedule needs at least one list");
        }
        if (lists.stream().map(ScheduledList::name).distinct().count() != lists.size()) {
            throw new IllegalArgumentException("two scheduled lists have the same name");
        }
        if (resumeDays < 0 || maxTriggers < 0) {
            throw new IllegalArgumentException("--resume-days and --max-triggers must not be negative");
        }
    }

    /** Parses a cron expression; {@link IllegalArgumentException} with a one-line message when it is not one. */
    public static CronExpression parseCron(String expression) {
        try {
            return CronExpression.parse(expression.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cron '" + expression + "' is not a cron expression "
                    + "(six fields: second minute hour day-of-month month day-of-week): " + e.getMessage());
        }
    }
}
