package org.loyaltyhub.systems;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Every system configured under {@code hub.systems}, read at start and at a configuration reload, each over the
 * defaults of {@code hub.system-defaults} ({@link SystemDefaults}): a key a system does not set is the default's.
 */
@Component("systems")
public class SystemRegistry {

    /** {@code hub.systems} as bound: system name → its settings. */
    static final Bindable<Map<String, Map<String, Object>>> SETTINGS = Bindable.of(ResolvableType.forClassWithGenerics(Map.class,
            ResolvableType.forClass(String.class), ResolvableType.forClassWithGenerics(Map.class, String.class, Object.class)));

    private static final Bindable<Map<String, Object>> DEFAULTS = Bindable.mapOf(String.class, Object.class);

    private final Environment environment;
    private volatile Map<String, SystemSettings> systems;

    @Autowired
    public SystemRegistry(Environment environment) {
        this.environment = environment;
        this.systems = read(environment);
    }

    public SystemRegistry(Map<String, SystemSettings> systems) {
        this.environment = null;
        this.systems = Map.copyOf(systems);
    }

    /**
     * Reads the settings again (configuration reload): what mappings see as {@code $config}, such as a token a
     * mapping writes into the body, changes without a restart; routes keep the settings they were built with.
     */
    public void reload() {
        if (environment != null) {
            systems = read(environment);
        }
    }

    private static Map<String, SystemSettings> read(Environment environment) {
        Map<String, Map<String, Object>> raw = Binder.get(environment).bind("hub.systems", SETTINGS).orElse(Map.of());
        Map<String, Object> defaults = Binder.get(environment).bind(SystemDefaults.PREFIX, DEFAULTS).orElse(Map.of());
        Map<String, SystemSettings> settings = new LinkedHashMap<>();
        raw.forEach((name, values) -> settings.put(name, toSettings(name, over(defaults, values))));
        return Collections.unmodifiableMap(settings);
    }

    public Set<String> names() {
        return systems.keySet();
    }

    public boolean exists(String name) {
        return systems.containsKey(name);
    }

    public SystemSettings get(String name) {
        SystemSettings settings = systems.get(name);
        if (settings == null) {
            throw new IllegalArgumentException("Unknown system '" + name + "'; configured: " + systems.keySet());
        }
        return settings;
    }

    /** The system's settings as a mapping sees them ({@code $config}); empty for an unknown system. */
    public Map<String, Object> mappingConfig(String name) {
        SystemSettings settings = systems.get(name);
        return settings == null ? Map.of() : settings.raw();
    }

    /**
     * A system's settings over the defaults, nested blocks key by key ({@code retry.max-attempts} alone overrides only
     * that retry setting).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> over(Map<String, Object> defaults, Map<String, Object> values) {
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        values.forEach((key, value) -> merged.merge(key, value, (fallback, own) -> fallback instanceof Map<?, ?> base && own instanceof Map<?, ?> mine
                ? over((Map<String, Object>) base, (Map<String, Object>) mine) : own));
        return merged;
    }

    /** The typed settings; each value comes from the system's block or {@code hub.system-defaults}, never from here. */
    static SystemSettings toSettings(String name, Map<String, Object> values) {
        Map<String, Object> camel = camelCaseKeys(values);
        camel.remove("auth"); // the credential is added to the HTTP request (VendorCredentials): no mapping sees it
        Setting setting = new Setting(name, camel);
        return new SystemSettings(name,
                Boolean.parseBoolean(setting.text("enabled")),
                stripTrailingSlash(String.valueOf(camel.getOrDefault("baseUrl", ""))),
                setting.duration("pollInterval"),
                setting.duration("connectTimeout"),
                setting.duration("readTimeout"),
                new SystemSettings.Retry(
                        Integer.parseInt(setting.text("retry.maxAttempts")),
                        setting.duration("retry.initialDelay"),
                        Double.parseDouble(setting.text("retry.multiplier")),
                        setting.duration("retry.maxDelay")),
                new SystemSettings.Batch(
                        Integer.parseInt(setting.text("batch.size")),
                        setting.duration("batch.timeout")),
                new SystemSettings.Polling(
                        Integer.parseInt(setting.text("pageLimit")),
                        Integer.parseInt(setting.text("intakeBatch")),
                        new java.math.BigDecimal(setting.text("deletionGuard.maxShare")),
                        Integer.parseInt(setting.text("deletionGuard.minCount"))),
                new SystemSettings.Flow(
                        Double.parseDouble(setting.text("rateLimit")),
                        Integer.parseInt(setting.text("maxConcurrentCalls")),
                        setting.duration("circuitOpenFor")),
                Collections.unmodifiableMap(camel));
    }

    /** A setting by its camelCase path ({@code retry.maxAttempts}); missing, it names the key and the defaults block. */
    private record Setting(String system, Map<String, Object> values) {

        String text(String path) {
            Object value = values;
            for (String part : path.split("\\.")) {
                value = value instanceof Map<?, ?> map ? map.get(part) : null;
            }
            if (value == null || value instanceof Map<?, ?>) {
                throw new IllegalStateException("hub.systems." + system + "." + kebab(path) + " is not set, and " + SystemDefaults.PREFIX
                        + " has no " + kebab(path));
            }
            return String.valueOf(value).trim();
        }

        /** A duration: {@code 30s}, or a bare number of milliseconds. */
        Duration duration(String path) {
            return DurationStyle.detectAndParse(text(path));
        }

        private static String kebab(String path) {
            return path.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Binder keeps YAML's kebab-case keys; mappings read camelCase ({@code $config.dbId}). A YAML list arrives as a
     * map keyed 0, 1, …: it is given back as the list it was ({@code $config.retryableErrors} is an array).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> camelCaseKeys(Map<String, Object> values) {
        Map<String, Object> result = new LinkedHashMap<>();
        values.forEach((key, value) -> result.put(camelCase(key), value instanceof Map<?, ?> map ? settingsValue((Map<String, Object>) map) : value));
        return result;
    }

    private static Object settingsValue(Map<String, Object> map) {
        Map<String, Object> nested = camelCaseKeys(map);
        for (int i = 0; i < nested.size(); i++) {
            if (!nested.containsKey(String.valueOf(i))) {
                return nested;
            }
        }
        List<Object> list = new ArrayList<>(nested.size());
        for (int i = 0; i < nested.size(); i++) {
            list.add(nested.get(String.valueOf(i)));
        }
        return nested.isEmpty() ? nested : Collections.unmodifiableList(list);
    }

    static String camelCase(String key) {
        StringBuilder out = new StringBuilder(key.length());
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
