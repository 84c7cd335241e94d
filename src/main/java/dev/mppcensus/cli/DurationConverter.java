package dev.mppcensus.cli;

import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations such as {@code 500ms}, {@code 5s}, {@code 2m} or ISO-8601 {@code PT5S}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 5s, 1m)");
        }
    }
}
