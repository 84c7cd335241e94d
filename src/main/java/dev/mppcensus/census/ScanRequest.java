package dev.mppcensus.census;

import java.nio.file.Path;
import java.time.LocalDate;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * A census run: its list (path, name, SHA-256), its run date, and its scan {@link ScanSettings}; and
 * their encoding as job parameters. Only the list name and the run date identify a run (so each
 * nightly run of a list is its own job instance and rerunning the same command resumes it); the list
 * file and the settings are non-identifying parameters recorded with each execution, the settings
 * whole, as JSON, in {@value #SETTINGS}.
 */
public record ScanRequest(Path listPath, String listName, String listSha256, LocalDate runDate, ScanSettings settings) {

    static final String LIST = "list";
    static final String RUN_DATE = "runDate";
    static final String LIST_PATH = "listPath";
    static final String LIST_SHA256 = "listSha256";
    static final String SETTINGS = "settings";
    /** Identifying parameters of a rescan: the run's id and the rescan's round (1, 2, ...). */
    static final String RUN_ID = "runId";
    static final String ROUND = "round";

    /** The same run with other settings (a worker's overrides). */
    public ScanRequest withSettings(ScanSettings other) {
        return new ScanRequest(listPath, listName, listSha256, runDate, other);
    }

    /** The parameters that identify the run's job instance: the list name and the run date. */
    JobParameters identifyingParameters() {
        return new JobParametersBuilder()
                .addString(LIST, listName)
                .addLocalDate(RUN_DATE, runDate)
                .toJobParameters();
    }

    JobParameters toJobParameters() {
        return new JobParametersBuilder(identifyingParameters())
                .addString(LIST_PATH, listPath.toString(), false)
                .addString(LIST_SHA256, listSha256, false)
                .addString(SETTINGS, settings.toJson(), false)
                .toJobParameters();
    }

    /**
     * Parameters of round {@code round} of the rescan of run {@code runId}: those two identify the
     * rescan's job instance; this request's parameters ride along, non-identifying.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    JobParameters toRescanJobParameters(long runId, int round) {
        JobParametersBuilder builder = new JobParametersBuilder()
                .addLong(RUN_ID, runId)
                .addLong(ROUND, (long) round);
        for (JobParameter parameter : toJobParameters()) {
            builder.addJobParameter(new JobParameter(parameter.name(), parameter.value(), parameter.type(), false));
        }
        return builder.toJobParameters();
    }

    /**
     * The run a job execution's (or a rescan's) parameters describe; settings stored by an earlier
     * version read as {@link StoredSettings} says.
     */
    public static ScanRequest fromJobParameters(JobParameters parameters) {
        return new ScanRequest(Path.of(parameters.getString(LIST_PATH)), parameters.getString(LIST),
                parameters.getString(LIST_SHA256), parameters.getLocalDate(RUN_DATE), StoredSettings.of(parameters));
    }
}
