package dev.mppcensus.cli;

/** Exit codes of every command. */
final class ExitCodes {
    /** The command did what was asked (a scan: the run completed, now or before). */
    static final int OK = 0;
    /** The run ended FAILED or STOPPED; rerun the same command to resume it. */
    static final int RUN_FAILED = 1;
    /** Bad usage or unusable input (unknown option, missing list, unknown run). */
    static final int USAGE = 2;
    /** The same run is being executed by another live process. */
    static final int CONFLICT = 3;
    /** The crawler could not work: database unreachable, internal error. */
    static final int SOFTWARE = 4;

    private ExitCodes() {
    }
}
