package dev.mppcensus.cli;

import dev.mppcensus.census.ScanSettings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives the options that set {@link ScanSettings} its defaults, so that {@code ${DEFAULT-VALUE}} in
 * their help shows the default that ScanSettings declares. Options of other names get none from here.
 */
final class SettingDefaults implements IDefaultValueProvider {

    private static final Map<String, String> DEFAULTS = new HashMap<>();

    static {
        ScanSettings.settings().forEach(setting -> DEFAULTS.put("--" + setting.option(), setting.defaultValue()));
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        return argument instanceof OptionSpec option ? DEFAULTS.get(option.longestName()) : null;
    }
}
