package org.loyaltyhub.systems;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Settings from a directory of files, one a setting, named by its key ({@code hub.systems.ecom.auth.secret}), as
 * Docker and Kubernetes mount secrets: {@code hub.secrets-dir} (HUB_SECRETS_DIR). Spring Boot's config tree, read
 * afresh at every look-up instead of once, so that a rotated secret is taken at the next configuration reload;
 * it wins over every other source.
 */
public class SecretsDirectory implements EnvironmentPostProcessor {

    static final String PROPERTY_SOURCE = "hubSecretsDirectory";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String dir = environment.getProperty("hub.secrets-dir");
        if (StringUtils.hasText(dir) && Files.isDirectory(Path.of(dir))) {
            environment.getPropertySources().addFirst(new ConfigTreePropertySource(PROPERTY_SOURCE, Path.of(dir),
                    ConfigTreePropertySource.Option.ALWAYS_READ, ConfigTreePropertySource.Option.AUTO_TRIM_TRAILING_NEW_LINE));
        }
    }
}
