package org.loyaltyhub.systems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.support.TestSystems;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/** A system's settings as its mappings see them ({@code $config}): camelCase keys, YAML lists as lists. */
class SystemRegistryTests {

    @Test
    void aYamlListReachesTheMappingsAsAList() throws IOException {
        SystemRegistry systems = registry("""
                hub:
                  systems:
                    promo:
                      retryable-errors: [5, 7]
                      loyalty-ids:
                        standard: 1
                        "7": 5
                """);

        Map<String, Object> config = systems.mappingConfig("promo");
        assertThat(config.get("retryableErrors")).asInstanceOf(InstanceOfAssertFactories.LIST)
                .extracting(String::valueOf).containsExactly("5", "7");
        assertThat(config.get("loyaltyIds")).isEqualTo(Map.of("standard", 1, "7", 5)); // a map stays a map
    }

    @Test
    void aCommaSeparatedSettingStaysTheTextItWas() throws IOException {
        SystemRegistry systems = registry("""
                hub:
                  systems:
                    promo:
                      retryable-errors: "5,7"
                """);

        assertThat(systems.mappingConfig("promo").get("retryableErrors")).isEqualTo("5,7");
    }

    @Test
    void listsInsideNestedSettingsAreListsToo() {
        Map<String, Object> settings = SystemRegistry.camelCaseKeys(Map.of("retry", Map.of("codes", Map.of("0", "a", "1", "b")),
                "empty", Map.of(), "gapped", Map.of("0", "a", "2", "c")));

        assertThat(settings.get("retry")).isEqualTo(Map.of("codes", List.of("a", "b")));
        assertThat(settings.get("empty")).isEqualTo(Map.of());
        assertThat(settings.get("gapped")).isEqualTo(Map.of("0", "a", "2", "c"));
    }

    @Test
    void aSystemGetsEveryDefaultItDoesNotSetItself() throws IOException {
        SystemRegistry systems = registry("""
                hub:
                  systems:
                    crm:
                      base-url: http://crm.test/
                      retry:
                        max-attempts: 2
                """);

        SystemSettings crm = systems.get("crm");
        assertThat(crm.baseUrl()).isEqualTo("http://crm.test");
        assertThat(crm.retry().maxAttempts()).as("its own").isEqualTo(2);
        assertThat(crm.retry().maxDelay()).as("the default's, beside its own retry setting").isEqualTo(Duration.ofSeconds(30));
        assertThat(crm.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(crm.batch().size()).isEqualTo(100);
        assertThat(crm.flow().circuitOpenFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(systems.mappingConfig("crm")).containsEntry("intakeBatch", 100);
    }

    @Test
    void theRouteTemplatesPlaceholdersFindTheDefaultsToo() {
        StandardEnvironment environment = TestSystems.withDefaults(new StandardEnvironment());

        assertThat(environment.getProperty("hub.systems.crm.connect-timeout")).isEqualTo("2000");
        assertThat(environment.getProperty("hub.systems.crm.batch.size")).isEqualTo("100");
        assertThat(environment.getProperty("hub.systems.crm.no-such-key")).isNull();
        assertThat(environment.getProperty("hub.other.connect-timeout")).isNull();
    }

    @Test
    void aSettingNeitherTheSystemNorTheDefaultsGiveIsNamed() {
        assertThatThrownBy(() -> SystemRegistry.toSettings("crm", Map.of("base-url", "http://crm.test")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.systems.crm.enabled is not set, and hub.system-defaults has no enabled");
    }

    private static SystemRegistry registry(String yaml) throws IOException {
        StandardEnvironment environment = TestSystems.withDefaults(new StandardEnvironment());
        new YamlPropertySourceLoader().load("test", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                .forEach(source -> environment.getPropertySources().addFirst(source));
        return new SystemRegistry(environment);
    }
}
