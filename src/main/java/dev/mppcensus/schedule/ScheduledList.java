package dev.mppcensus.schedule;

import java.nio.file.Path;

/** A list the scheduler runs every night: its name in reports and its file (read afresh each night). */
public record ScheduledList(String name, Path path) {

    public ScheduledList {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a scheduled list needs a name");
        }
    }
}
