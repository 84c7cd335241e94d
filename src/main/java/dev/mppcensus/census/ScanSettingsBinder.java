package dev.mppcensus.census;

import dev.mppcensus.census.ScanSettings.Setting;
import dev.mppcensus.scan.HomepageGet;
import dev.mppcensus.scan.ProbeMethods;
import dev.mppcensus.scan.ScanCheck;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.CollectionFactory;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.ConditionalGenericConverter;

/**
 * Binds settings given by option name onto {@link ScanSettings} with Spring Boot's {@link Binder}, as
 * Boot binds a {@code @ConfigurationProperties} record: names in kebab case, {@link DefaultValue} for
 * what is not given, values converted by Boot's conversions plus the options' own parsers
 * ({@link ScanCheck#parse}, {@link ProbeMethods#parse}, {@link HomepageGet#parse}). Settings of the nested {@link ScanSettings.Distribution}
 * are options too ({@code --queue} binds {@code distribution.queue}).
 */
final class ScanSettingsBinder {

    /** A setting and the property it binds. */
    record Bound(Setting setting, String property) {
    }

    /** Every setting by option name, in the order of the components. */
    static final Map<String, Bound> SETTINGS = settingsOf(ScanSettings.class, "", List.of(), new LinkedHashMap<>());

    private static final ApplicationConversionService CONVERSIONS = conversions();

    private ScanSettingsBinder() {
    }

    /** Binds {@code options} (option name to value, as typed or converted); see {@link ScanSettings#of}. */
    static ScanSettings bind(Map<String, ?> options) {
        Map<String, Object> properties = new LinkedHashMap<>();
        options.forEach((option, value) -> {
            Bound bound = SETTINGS.get(option);
            if (bound == null) {
                throw new IllegalArgumentException("no setting is named --" + option);
            }
            if (value != null) {
                properties.put(bound.property(), value);
            }
        });
        Binder binder = new Binder(List.of(new MapConfigurationPropertySource(properties)), null, CONVERSIONS);
        try {
            return binder.bindOrCreate("", Bindable.of(ScanSettings.class));
        } catch (BindException e) {
            throw explained(e);
        }
    }

    /** The settings of {@code settings} by option name, with {@code options} in place of theirs. */
    static Map<String, Object> merged(ScanSettings settings, Map<String, ?> options) {
        Map<String, Object> merged = new LinkedHashMap<>();
        SETTINGS.forEach((option, bound) -> merged.put(option, valueOf(settings, bound.setting().jsonPath())));
        merged.putAll(options);
        return merged;
    }

    private static Object valueOf(Object record, List<String> path) {
        Object value = record;
        for (String name : path) {
            try {
                value = value.getClass().getMethod(name).invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read setting " + path, e);
            }
        }
        return value;
    }

    /** The settings of {@code type}'s components; a nested record's components are settings of their own. */
    private static Map<String, Bound> settingsOf(Class<? extends Record> type, String prefix, List<String> jsonPrefix,
            Map<String, Bound> settings) {
        RecordComponent[] components = type.getRecordComponents();
        Parameter[] parameters = canonicalConstructor(type).getParameters(); // where @Name and @DefaultValue land
        for (int i = 0; i < components.length; i++) {
            Name name = parameters[i].getAnnotation(Name.class);
            String option = name != null ? name.value() : DataObjectPropertyName.toDashedForm(components[i].getName());
            List<String> jsonPath = new ArrayList<>(jsonPrefix);
            jsonPath.add(components[i].getName());
            if (components[i].getType().isRecord()) {
                @SuppressWarnings("unchecked")
                Class<? extends Record> nested = (Class<? extends Record>) components[i].getType();
                settingsOf(nested, prefix + option + ".", jsonPath, settings);
                continue;
            }
            DefaultValue defaultValue = parameters[i].getAnnotation(DefaultValue.class);
            Setting setting = new Setting(option, List.copyOf(jsonPath),
                    defaultValue == null ? null : String.join(",", defaultValue.value()));
            if (settings.putIfAbsent(option, new Bound(setting, prefix + option)) != null) {
                throw new IllegalStateException("two settings are named --" + option);
            }
        }
        return settings;
    }

    private static Constructor<?> canonicalConstructor(Class<? extends Record> type) {
        try {
            return type.getDeclaredConstructor(Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one-line error of a failed binding: the rule that refused a value, or the value that did not convert. */
    private static IllegalArgumentException explained(BindException e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String option = SETTINGS.values().stream().filter(bound -> bound.property().equals(e.getName().toString()))
                .map(bound -> bound.setting().option()).findFirst().orElse(null);
        if (option == null && cause instanceof IllegalArgumentException rule) {
            return rule; // a constructor's rule; its message names the option
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new IllegalArgumentException(option == null ? message : "--" + option + ": " + message, e);
    }

    private static ApplicationConversionService conversions() {
        ApplicationConversionService conversions = new ApplicationConversionService();
        conversions.addConverter(String.class, ProbeMethods.class, ProbeMethods::parse);
        conversions.addConverter(String.class, HomepageGet.class, HomepageGet::parse);
        conversions.addConverter(new ChecksConverter());
        return conversions;
    }

    /** {@code --checks} as typed: a comma-separated list of check names (the binder converts it to a collection first). */
    private static final class ChecksConverter implements ConditionalGenericConverter {
        @Override
        public Set<ConvertiblePair> getConvertibleTypes() {
            return Set.of(new ConvertiblePair(String.class, Collection.class));
        }

        @Override
        public boolean matches(TypeDescriptor sourceType, TypeDescriptor targetType) {
            TypeDescriptor element = targetType.getElementTypeDescriptor();
            return element != null && element.getType() == ScanCheck.class;
        }

        @Override
        public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
            Collection<Object> checks = CollectionFactory.createCollection(targetType.getType(), ScanCheck.class, 5);
            checks.addAll(ScanCheck.parse((String) source));
            return checks;
        }
    }
}
