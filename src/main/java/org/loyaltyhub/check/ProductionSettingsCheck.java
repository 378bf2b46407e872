package org.loyaltyhub.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The hub's one "refuses to start" check, before any bean exists. Outside the local default ({@code hub.local-default},
 * set only by the embedded start) the operator login must be set, and neither it nor the SPI and API keys may be
 * the local default's. Unless the sandbox vendors are served ({@code hub.sandbox.enabled}: the local default and tests, never
 * production), no enabled system may point at {@code /sandbox/…} or hold a sandbox credential (any value of
 * {@code hub.sandbox.<system>.*}). Every offending key is named in one message, with its environment variable.
 */
public class ProductionSettingsCheck implements ApplicationListener<ApplicationPreparedEvent> {

    static final String LOCAL_DEFAULT_PASSWORD = "local-dev";
    static final String LOCAL_DEFAULT_SPI_KEY = "local-dev-key";
    static final String LOCAL_DEFAULT_API_KEY = "local-dev-api-key";

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        List<String> problems = problems(event.getApplicationContext().getEnvironment());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Outside the local default the hub needs production settings; set "
                    + problems.size() + " key(s):\n  " + String.join("\n  ", problems));
        }
    }

    /** What keeps this configuration from starting, one line a key. */
    static List<String> problems(Environment environment) {
        List<String> problems = new ArrayList<>();
        if (environment.getProperty("hub.local-default", Boolean.class, false)) {
            return problems;
        }
        String password = environment.getProperty("hub.ops.password", "");
        if (!StringUtils.hasText(environment.getProperty("hub.ops.username"))) {
            problems.add(key("hub.ops.username") + ": the operator login is not set");
        }
        if (!StringUtils.hasText(password) || LOCAL_DEFAULT_PASSWORD.equals(password)) {
            problems.add(key("hub.ops.password") + (StringUtils.hasText(password) ? ": the local default's password" : ": not set"));
        }
        if (Arrays.stream(environment.getProperty("hub.spi.api-keys", "").split(",")).map(String::trim)
                .anyMatch(LOCAL_DEFAULT_SPI_KEY::equals)) {
            problems.add(key("hub.spi.api-keys") + ": holds the local default's key");
        }
        Binder.get(environment).bind("hub.api.keys", Bindable.mapOf(String.class, Object.class)).orElse(Map.of()).forEach((name, key) -> {
            if (leaves("", key).values().contains(LOCAL_DEFAULT_API_KEY)) {
                problems.add(key("hub.api.keys." + name + ".key") + ": the local default's key");
            }
        });
        if (!environment.getProperty("hub.sandbox.enabled", Boolean.class, false)) {
            problems.addAll(sandboxSettings(environment));
        }
        return problems;
    }

    /** Enabled systems that point at the sandbox, carry one of its credentials or lack the secret their auth needs. */
    private static List<String> sandboxSettings(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, Object> sandbox = binder.bind("hub.sandbox", Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
        Set<String> sandboxCredentials = new TreeSet<>();
        sandbox.forEach((name, value) -> {
            if (value instanceof Map<?, ?> && !name.equals("faults")) {
                leaves("", value).values().stream().filter(v -> v.length() >= 4).forEach(sandboxCredentials::add);
            }
        });
        List<String> problems = new ArrayList<>();
        Map<String, Object> systems = binder.bind("hub.systems", Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
        systems.forEach((system, settings) -> {
            Map<String, String> values = leaves("hub.systems." + system + ".", settings);
            if (!Boolean.parseBoolean(values.getOrDefault("hub.systems." + system + ".enabled", "true"))) {
                return;
            }
            String baseUrl = values.getOrDefault("hub.systems." + system + ".base-url", "");
            if (baseUrl.contains("/sandbox/") || baseUrl.endsWith("/sandbox")) {
                problems.add(key("hub.systems." + system + ".base-url") + ": points at the sandbox");
            }
            String authType = values.getOrDefault("hub.systems." + system + ".auth.type", "none");
            if (!authType.isEmpty() && !authType.equals("none") && values.getOrDefault("hub.systems." + system + ".auth.secret", "").isEmpty()) {
                problems.add(key("hub.systems." + system + ".auth.secret") + ": not set (auth.type " + authType + ")");
            }
            values.forEach((key, value) -> {
                if (sandboxCredentials.contains(value)) {
                    problems.add(key(key) + ": the sandbox's credential");
                }
            });
        });
        return problems;
    }

    /** Every scalar under a bound map, by its full key (kebab-case, as written in settings). */
    @SuppressWarnings("unchecked")
    private static Map<String, String> leaves(String prefix, Object value) {
        Map<String, String> leaves = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> leaves.putAll(leaves(prefix + k + ".", v)));
        } else if (value != null) {
            leaves.put(prefix.substring(0, Math.max(0, prefix.length() - 1)), String.valueOf(value).trim());
        }
        return leaves;
    }

    /** A key with the environment variable that sets it. */
    private static String key(String key) {
        return key + " (" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + ")";
    }
}
