package org.loyaltyhub.systems;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
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
        SystemSettings settings = SystemRegistry.toSettings("x", Map.of("retry", Map.of("codes", Map.of("0", "a", "1", "b")),
                "empty", Map.of(), "gapped", Map.of("0", "a", "2", "c")));

        assertThat(settings.raw().get("retry")).isEqualTo(Map.of("codes", List.of("a", "b")));
        assertThat(settings.raw().get("empty")).isEqualTo(Map.of());
        assertThat(settings.raw().get("gapped")).isEqualTo(Map.of("0", "a", "2", "c"));
    }

    private static SystemRegistry registry(String yaml) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("test", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                .forEach(source -> environment.getPropertySources().addFirst(source));
        return new SystemRegistry(environment);
    }
}
