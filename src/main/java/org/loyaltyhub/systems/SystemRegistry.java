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

/** Every system configured under {@code hub.systems}, read at start and at a configuration reload. */
@Component("systems")
public class SystemRegistry {

    /** {@code hub.systems} as bound: system name → its settings. */
    static final Bindable<Map<String, Map<String, Object>>> SETTINGS = Bindable.of(ResolvableType.forClassWithGenerics(Map.class,
            ResolvableType.forClass(String.class), ResolvableType.forClassWithGenerics(Map.class, String.class, Object.class)));

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
        Map<String, SystemSettings> settings = new LinkedHashMap<>();
        raw.forEach((name, values) -> settings.put(name, toSettings(name, values)));
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

    static SystemSettings toSettings(String name, Map<String, Object> values) {
        Map<String, Object> camel = camelCaseKeys(values);
        camel.remove("auth"); // the credential is added to the HTTP request (VendorCredentials): no mapping sees it
        Map<String, Object> retry = nested(camel, "retry");
        Map<String, Object> batch = nested(camel, "batch");
        return new SystemSettings(name,
                Boolean.parseBoolean(String.valueOf(camel.getOrDefault("enabled", "true"))),
                stripTrailingSlash(String.valueOf(camel.getOrDefault("baseUrl", ""))),
                duration(camel.get("pollInterval"), "30s"),
                duration(camel.get("connectTimeout"), "2s"),
                duration(camel.get("readTimeout"), "10s"),
                new SystemSettings.Retry(
                        Integer.parseInt(String.valueOf(retry.getOrDefault("maxAttempts", "5"))),
                        duration(retry.get("initialDelay"), "500ms"),
                        Double.parseDouble(String.valueOf(retry.getOrDefault("multiplier", "2.0"))),
                        duration(retry.get("maxDelay"), "30s")),
                new SystemSettings.Batch(
                        Integer.parseInt(String.valueOf(batch.getOrDefault("size", "100"))),
                        duration(batch.get("timeout"), "1s")),
                new SystemSettings.Flow(
                        Double.parseDouble(String.valueOf(camel.getOrDefault("rateLimit", "0"))),
                        Integer.parseInt(String.valueOf(camel.getOrDefault("maxConcurrentCalls", "0"))),
                        duration(camel.get("circuitOpenFor"), "30s")),
                Collections.unmodifiableMap(camel));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> values, String key) {
        Object value = values.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Duration duration(Object value, String fallback) {
        return DurationStyle.detectAndParse(value == null ? fallback : String.valueOf(value));
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
