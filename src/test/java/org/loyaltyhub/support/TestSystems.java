package org.loyaltyhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.loyaltyhub.systems.SystemDefaults;
import org.loyaltyhub.systems.SystemSettings;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

/** Settings of a system for plain unit tests: the defaults, at a base URL of its own name. */
public final class TestSystems {

    private TestSystems() {
    }

    public static SystemSettings system(String name) {
        return new SystemSettings(name, true, "http://" + name + ".test", Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofSeconds(10), new SystemSettings.Retry(5, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30)),
                new SystemSettings.Batch(100, Duration.ofSeconds(1)), new SystemSettings.Polling(100, 100, new java.math.BigDecimal("0.10"), 3),
                new SystemSettings.Flow(0, 0, Duration.ofSeconds(30)), Map.of());
    }

    /** An environment built by hand with application.yaml's {@code hub.system-defaults} (and nothing else of it) under it. */
    public static <E extends ConfigurableEnvironment> E withDefaults(E environment) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        try {
            new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml")).forEach(source -> {
                for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                    if (name.startsWith("hub.system-defaults.")) {
                        defaults.put(name, source.getProperty(name));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environment.getPropertySources().addLast(new MapPropertySource("system-defaults", defaults));
        SystemDefaults.addTo(environment);
        return environment;
    }
}
