package org.loyaltyhub.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the README and docs/ quote or link is what the project holds. */
class DocumentationTests {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)\\s]*)?\\)");

    @Test
    void theSystemDefaultsQuotedInTheConfigurationPageAreApplicationYamls() throws IOException {
        String application = Files.readString(Path.of("src/main/resources/application.yaml"));
        int start = application.indexOf("  system-defaults:");
        String block = application.substring(start, application.indexOf("\n  systems:\n", start) + 1);
        String page = Files.readString(Path.of("docs/configuration.md"));
        String section = page.substring(page.indexOf("## System settings"));

        assertThat(section.substring(section.indexOf("```yaml\n") + "```yaml\n".length(), section.indexOf("```\n", section.indexOf("```yaml\n") + 1)))
                .isEqualTo(block);
    }

    @Test
    void everyRelativeLinkLeadsToAFileThatExists() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(page -> page.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (!target.contains("://") && !target.startsWith("mailto:") && !Files.exists(page.resolveSibling(target).normalize())) {
                    broken.add(page + " -> " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
    }
}
