package org.loyaltyhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** External PostgreSQL and Kafka settings mean no embedded server starts; the local default's defaults stay out. */
class EmbeddedInfrastructureTests {

    @Test
    void externalDatabaseAndBrokerStartNothingEmbedded() {
        StandardEnvironment environment = environment(Map.of(
                "spring.datasource.url", "jdbc:postgresql://db.example:5432/hub",
                "spring.kafka.bootstrap-servers", "kafka.example:9092"));
        new EmbeddedInfrastructure().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getPropertySources().contains(EmbeddedInfrastructure.PROPERTY_SOURCE)).isFalse();
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.example:5432/hub");
        assertThat(environment.getProperty("hub.local-default")).isNull();
        assertThat(environment.getProperty("hub.ops.password")).isNull();
        assertThat(environment.getProperty("hub.sandbox.enabled")).isNull();
    }

    @Test
    void embeddedServersSwitchedOffStartNothing() {
        StandardEnvironment environment = environment(Map.of("hub.embedded.enabled", "false"));
        new EmbeddedInfrastructure().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.datasource.url")).isNull();
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isNull();
    }

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        return environment;
    }
}
