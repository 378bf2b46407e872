package org.loyaltyhub.systems;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * The settings every system has unless its own block says otherwise: {@code hub.system-defaults} in application.yaml,
 * the one place their values are written. A property source of the lowest precedence answers
 * {@code hub.systems.<name>.<key>} with {@code hub.system-defaults.<key>}, so the route templates' placeholders find
 * them for a system added by files as for a built-in one; {@link SystemRegistry} lays the same block under each
 * system's settings.
 */
public class SystemDefaults implements EnvironmentPostProcessor {

    static final String PREFIX = "hub.system-defaults";
    static final String PROPERTY_SOURCE = "hubSystemDefaults";
    private static final String SYSTEMS = "hub.systems.";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        addTo(environment);
    }

    /** Adds the defaults' property source (once) to an environment made by hand (the configuration check). */
    public static void addTo(ConfigurableEnvironment environment) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            environment.getPropertySources().addLast(new Fallback(environment));
        }
    }

    /**
     * {@code hub.systems.<name>.<key>} answered with {@code hub.system-defaults.<key>}; nothing else. Its source is not
     * the environment it reads (Spring Boot would take such a source for a nested environment and walk into it, round
     * and round).
     */
    private static final class Fallback extends PropertySource<Object> {

        private final ConfigurableEnvironment environment;

        Fallback(ConfigurableEnvironment environment) {
            super(PROPERTY_SOURCE, new Object());
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            if (!name.startsWith(SYSTEMS)) {
                return null;
            }
            int key = name.indexOf('.', SYSTEMS.length());
            return key < 0 ? null : environment.getProperty(PREFIX + name.substring(key));
        }
    }
}
