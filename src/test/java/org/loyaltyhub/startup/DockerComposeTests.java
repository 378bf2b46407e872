package org.loyaltyhub.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The production shape sets every system from .env, and .env.example names every value it needs. */
class DockerComposeTests {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path ENV_EXAMPLE = Path.of(".env.example");

    @Test
    void theHubGetsEveryConfiguredSystemsBaseUrlAndCredentialFromTheEnvironment() throws IOException {
        Map<String, Object> hub = service("hub");
        @SuppressWarnings("unchecked")
        Set<String> environment = ((Map<String, Object>) hub.get("environment")).keySet();
        for (String system : systems()) {
            String prefix = "HUB_SYSTEMS_" + system.toUpperCase().replace('-', '_') + "_";
            assertThat(environment).as(system).contains(prefix + "BASE_URL");
            assertThat(environment).as(system + "'s credential")
                    .anyMatch(name -> name.equals(prefix + "AUTH_SECRET") || name.equals(prefix + "TOKEN"));
        }
    }

    @Test
    void envExampleGivesEveryRequiredValue() throws IOException {
        Matcher required = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(Files.readString(COMPOSE));
        Set<String> needed = new TreeSet<>();
        while (required.find()) {
            needed.add(required.group(1));
        }
        Set<String> given = new TreeSet<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE)) {
            if (line.matches("[A-Z0-9_]+=.+")) {
                given.add(line.substring(0, line.indexOf('=')));
            }
        }
        assertThat(needed).isNotEmpty();
        assertThat(given).containsAll(needed);
    }

    @Test
    void dockerComposeAcceptsTheFileWithEnvExample() throws Exception {
        Assumptions.assumeTrue(run(List.of("docker", "compose", "version")) == 0,
                "docker compose is not available here: docker-compose.yml was checked structurally only");
        assertThat(run(List.of("docker", "compose", "--env-file", ENV_EXAMPLE.toString(), "-f", COMPOSE.toString(), "config", "--quiet")))
                .as("docker compose config").isZero();
    }

    private static int run(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            if (process.exitValue() != 0) {
                System.out.println(String.join(" ", command) + ": " + output);
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1; // no docker at all
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> systems() throws IOException {
        Map<String, Object> settings = new Yaml().load(Files.readString(Path.of("src/main/resources/application.yaml")));
        return ((Map<String, Object>) ((Map<String, Object>) settings.get("hub")).get("systems")).keySet();
    }
}
