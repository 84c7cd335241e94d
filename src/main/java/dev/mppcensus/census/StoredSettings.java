package dev.mppcensus.census;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the settings a run stored with its job executions, in the format of whichever version of
 * mpp-census started it, so that every run in a database can be restarted and rescanned:
 * <ul>
 *   <li>one JSON job parameter, {@value ScanRequest#SETTINGS} ({@link ScanSettings#toJson}). A setting
 *       added after the run was stored takes its default; runs stored before {@code --workers} was a
 *       setting of its own say {@code "remote": true} or {@code false} in their {@code distribution};</li>
 *   <li>before that, one job parameter per setting ({@code chunkSize}, {@code timeoutMs},
 *       {@code connectTo} as lines, {@code workers}, ...).</li>
 * </ul>
 */
final class StoredSettings {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StoredSettings() {
    }

    /** The settings a job execution's (or a rescan's) parameters carry. */
    static ScanSettings of(JobParameters parameters) {
        String json = parameters.getString(ScanRequest.SETTINGS);
        return json != null ? fromJson(json) : fromParametersOfEarlierVersions(parameters);
    }

    /** Settings stored as JSON by this version ({@link ScanSettings#toJson}) or an earlier one. */
    static ScanSettings fromJson(String json) {
        ObjectNode stored = (ObjectNode) JSON.readTree(json);
        if (stored.get("distribution") instanceof ObjectNode distribution && distribution.has("remote")
                && !distribution.has("workers")) {
            boolean remote = distribution.remove("remote").asBoolean();
            distribution.put("workers", (remote ? ScanSettings.Workers.REMOTE : ScanSettings.Workers.LOCAL).name());
        }
        ObjectNode settings = JSON.valueToTree(ScanSettings.defaults());
        overlay(settings, stored);
        return JSON.treeToValue(settings, ScanSettings.class);
    }

    /** Puts every value of {@code stored} into {@code settings}, object by object. */
    private static void overlay(ObjectNode settings, ObjectNode stored) {
        for (Map.Entry<String, JsonNode> entry : stored.properties()) {
            if (settings.get(entry.getKey()) instanceof ObjectNode nested && entry.getValue() instanceof ObjectNode value) {
                overlay(nested, value);
            } else {
                settings.set(entry.getKey(), entry.getValue());
            }
        }
    }

    /**
     * Runs started before the settings were one parameter kept each setting in a parameter of its own,
     * named like the option in camel case, durations in milliseconds and lists as lines; the settings
     * that a version did not store take their defaults.
     */
    private static ScanSettings fromParametersOfEarlierVersions(JobParameters parameters) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (String name : List.of("chunkSize", "concurrency", "userAgent", "caFile", "checks", "perIpLimit", "robots",
                "retries", "probeMethods", "workers", "partitions", "parallelPartitions", "queue")) {
            JobParameter<?> parameter = parameters.getParameter(name);
            options.put(DataObjectPropertyName.toDashedForm(name), parameter == null ? null : parameter.value());
        }
        Long timeoutMillis = parameters.getLong("timeoutMs");
        Long connectTimeoutMillis = parameters.getLong("connectTimeoutMs");
        options.put("timeout", timeoutMillis == null ? null : Duration.ofMillis(timeoutMillis));
        options.put("connect-timeout", connectTimeoutMillis == null ? null : Duration.ofMillis(connectTimeoutMillis));
        options.put("connect-to", lines(parameters.getString("connectTo")));
        options.put("allow-private", lines(parameters.getString("allowPrivate")));
        return ScanSettingsBinder.bind(options);
    }

    private static List<String> lines(String value) {
        return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split("\n"));
    }
}
