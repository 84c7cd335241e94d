package dev.mppcensus.cli;

import dev.mppcensus.census.ScanSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * A group of options that set {@link ScanSettings}, mixed into the commands that scan. Each option is
 * named like the setting it sets and declares no default: {@link SettingDefaults} shows ScanSettings'
 * defaults in the help, and {@link #given} hands ScanSettings only the options the command line gave,
 * as picocli parsed them; ScanSettings fills in the others and checks them all.
 */
abstract class SettingOptions {

    /** This group's options. */
    @Spec
    CommandSpec group;

    /** The command this group is mixed into. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The options of {@code groups} that the command line gave, by option name without {@code --}. */
    static Map<String, Object> given(SettingOptions... groups) {
        Map<String, Object> given = new LinkedHashMap<>();
        for (SettingOptions group : groups) {
            ParseResult parsed = group.command.commandLine().getParseResult();
            for (OptionSpec option : group.group.options()) {
                if (parsed.hasMatchedOption(option)) {
                    given.put(option.longestName().substring(2), option.getValue());
                }
            }
        }
        return given;
    }
}
