package org.loyaltyhub.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/** The configuration check finds what start-up would refuse, with no Kafka and no database. */
class ConfigCheckTests {

    @Test
    void theProjectsOwnConfigurationPasses() {
        assertThat(check(Path.of("routes"), Path.of("mappings"))).isEmpty();
    }

    @Test
    void everyProblemIsReportedWithItsFile(@TempDir Path dir) throws IOException {
        Path routes = dir.resolve("routes");
        Path mappings = dir.resolve("mappings");
        FileSystemUtils.copyRecursively(Path.of("routes"), routes);
        FileSystemUtils.copyRecursively(Path.of("mappings"), mappings);
        Files.writeString(mappings.resolve("ecom/card.from-canonical.jsonata"), "{ \"code\": number,, }");
        Path expected = mappings.resolve("ecom/examples/card.to-canonical.list-example.out.json");
        Files.writeString(expected, Files.readString(expected).replace("5166.00", "5166.01"));
        Files.writeString(mappings.resolve("subscriptions.yaml"), """
                subscriptions:
                  - id: cards-to-ecom
                    on: card.upserted
                    to: ecom
                    deliver: ecom-card-nowhere
                """);
        Files.writeString(routes.resolve("crm.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: no-such-template
                    routeId: crm-card-sink
                """);

        List<String> problems = check(routes, mappings);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("mappings/ecom/card.from-canonical.jsonata:1:"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("ecom/examples/card.to-canonical.list-example").contains("5166.01"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("subscriptions.yaml:2").contains("direct:ecom-card-nowhere"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("crm.camel.yaml").contains("no-such-template"));
    }

    @Test
    void aTemplatedRouteMissingAParameterIsReported(@TempDir Path dir) throws IOException {
        Path routes = dir.resolve("routes");
        FileSystemUtils.copyRecursively(Path.of("routes"), routes);
        Files.writeString(routes.resolve("ecom.camel.yaml"), Files.readString(routes.resolve("ecom.camel.yaml"))
                .replace("      - name: answerMapping\n        value: ecom/card.to-canonical\n", ""));
        assertThat(check(routes, Path.of("mappings"))).anySatisfy(p -> assertThat(p).contains("ecom.camel.yaml").contains("answerMapping"));
    }

    @Test
    void aLookupWithoutTheAnswerMappingThatReadsWhatItFindsIsReported(@TempDir Path dir) throws IOException {
        Path routes = dir.resolve("routes");
        FileSystemUtils.copyRecursively(Path.of("routes"), routes);
        Path wallet = routes.resolve("wallet.camel.yaml");
        String withoutAnswerMapping = Files.readString(wallet)
                .replaceFirst("      - name: answerMapping\n        value: wallet/card.customer.to-canonical\n", "");
        assertThat(withoutAnswerMapping).isNotEqualTo(Files.readString(wallet));
        Files.writeString(wallet, withoutAnswerMapping);
        assertThat(check(routes, Path.of("mappings"))).anySatisfy(p -> assertThat(p)
                .matches("routes/wallet\\.camel\\.yaml:\\d+: wallet-customer-call gives 'lookupPath' without answerMapping or plan, which it needs.*"));
    }

    @Test
    void aMisspeltTemplateParameterIsReportedWithItsLine(@TempDir Path dir) throws IOException {
        Path routes = dir.resolve("routes");
        FileSystemUtils.copyRecursively(Path.of("routes"), routes);
        Path ecom = routes.resolve("ecom.camel.yaml");
        Files.writeString(ecom, Files.readString(ecom).replace("      - name: createPath\n", "      - name: createPat\n"));
        List<String> problems = check(routes, Path.of("mappings"));
        assertThat(problems).anySatisfy(p -> assertThat(p).matches("routes/ecom\\.camel\\.yaml:\\d+: template http-bulk-delivery has no parameter 'createPat'.*"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("leaves out parameter 'createPath'"));
    }

    @Test
    void aTemplateUsingAnUndeclaredPlaceholderOrDeclaringAnUnusedParameterIsReported(@TempDir Path dir) throws IOException {
        Path routes = dir.resolve("routes");
        Files.createDirectories(routes);
        Files.writeString(routes.resolve("own.camel.yaml"), """
                - routeTemplate:
                    id: own-template
                    parameters:
                      - name: system
                      - name: unused
                    route:
                      from:
                        uri: "direct:{{system}}-{{entity}}"
                        steps:
                          - log: "{{hub.some.setting}}"
                """);
        List<String> problems = check(routes, Path.of("mappings"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("routes/own.camel.yaml:8: template own-template uses {{entity}}"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("declares parameter 'unused' but never uses it"));
        assertThat(problems).noneSatisfy(p -> assertThat(p).contains("hub.some.setting"));
    }

    private static List<String> check(Path routes, Path mappings) {
        return new ConfigCheck(routes, mappings, ConfigCheck.environment(Optional.empty())).run();
    }
}
