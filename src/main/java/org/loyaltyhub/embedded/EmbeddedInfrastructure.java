package org.loyaltyhub.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded PostgreSQL and Kafka before the application context exists, unless an external
 * one is configured ({@code spring.datasource.url}, {@code spring.kafka.bootstrap-servers}) or
 * {@code hub.embedded.enabled=false}; points the datasource and Kafka settings at them; and stops them
 * after every other bean, as the context's first-registered bean.
 */
public class EmbeddedInfrastructure implements EnvironmentPostProcessor, GenericApplicationListener, AutoCloseable {

    static final String PROPERTY_SOURCE = "hubEmbeddedInfrastructure";
    private static final Map<Environment, EmbeddedInfrastructure> STARTED = new ConcurrentHashMap<>();

    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaBroker kafka;

    /** Used by Spring's factories loader for both roles; one instance per role. */
    public EmbeddedInfrastructure() {
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("hub.embedded.enabled", Boolean.class, true)) {
            return;
        }
        Path dataDir = Path.of(environment.getProperty("hub.data-dir", "./.hub-data")).toAbsolutePath().normalize();
        Map<String, Object> settings = new HashMap<>();
        EmbeddedInfrastructure started = new EmbeddedInfrastructure();
        try {
            if (!StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
                started.postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"),
                        environment.getProperty("hub.embedded.postgres.port", Integer.class, 5433),
                        environment.getProperty("hub.embedded.postgres.database", "loyalty_hub"));
                settings.put("spring.datasource.url", started.postgres.jdbcUrl());
                settings.put("spring.datasource.username", "postgres");
                settings.put("spring.datasource.password", "");
            }
            if (!StringUtils.hasText(environment.getProperty("spring.kafka.bootstrap-servers"))) {
                started.kafka = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"),
                        environment.getProperty("hub.embedded.kafka.port", Integer.class, 9092),
                        environment.getProperty("hub.embedded.kafka.controller-port", Integer.class, 9093),
                        environment.getProperty("hub.kafka.partitions", Integer.class, 3));
                settings.put("spring.kafka.bootstrap-servers", started.kafka.bootstrapServers());
            }
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        if (!settings.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, settings));
            if (started.postgres != null && started.kafka != null) {
                // the local default's credentials, documented in the README; lowest precedence, so any
                // configured value wins, and refused outside the local default (ProductionSettingsCheck). Published
                // credentials: reachable from this machine only, unless server.address says otherwise
                environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE + "Defaults", Map.of(
                        "server.address", "127.0.0.1",
                        "hub.local-default", "true",
                        "hub.sandbox.enabled", "true",
                        "hub.ops.username", "ops",
                        "hub.ops.password", "local-dev",
                        "hub.spi.api-keys", "local-dev-key",
                        "hub.api.keys.local.key", "local-dev-api-key",
                        "hub.api.keys.local.scopes", "api")));
            }
            STARTED.put(environment, started);
            // a context that never closes (a failed start) still stops the servers; on Ctrl-C, once it closed
            AfterContextShutdown.register("embedded-infrastructure-stop", started::close);
        }
    }

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        Class<?> type = eventType.getRawClass();
        return type != null && (ApplicationPreparedEvent.class.isAssignableFrom(type)
                || ApplicationFailedEvent.class.isAssignableFrom(type));
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationPreparedEvent prepared
                && prepared.getApplicationContext() instanceof GenericApplicationContext context) {
            EmbeddedInfrastructure started = STARTED.remove(context.getEnvironment());
            if (started != null) {
                // registered first, so destroyed last: after the datasource and Kafka clients are closed
                context.registerBean("embeddedInfrastructure", EmbeddedInfrastructure.class, () -> started);
            }
        } else if (event instanceof ApplicationFailedEvent failed && failed.getApplicationContext() != null) {
            EmbeddedInfrastructure started = STARTED.remove(failed.getApplicationContext().getEnvironment());
            if (started != null) {
                started.close();
            }
        }
    }

    public synchronized void close() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

}
