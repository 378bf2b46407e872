package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.TestInfrastructure;
import org.springframework.util.FileSystemUtils;

/** The hub refuses to start on a broken configuration folder and says where the problem is. */
class StartupValidationIntegrationTests {

    @Test
    void aMappingWithASyntaxErrorStopsStartUpNamingFileLineAndColumn(@TempDir Path dir) throws IOException {
        Path mappings = copyOfMappings(dir);
        Path file = mappings.resolve("ecom/card.to-canonical.jsonata");
        Files.writeString(file, "(\n  $x := 1;\n  { \"number\": code,, }\n)\n");
        assertThat(startupFailure(mappings)).contains("mappings/ecom/card.to-canonical.jsonata:3:");
    }

    @Test
    void aFailingGoldenExampleStopsStartUp(@TempDir Path dir) throws IOException {
        Path mappings = copyOfMappings(dir);
        Path expected = mappings.resolve("ecom/examples/card.to-canonical.list-example.out.json");
        Files.writeString(expected, Files.readString(expected).replace("\"John\"", "\"Jonathan\""));
        assertThat(startupFailure(mappings)).contains("ecom/examples/card.to-canonical.list-example").contains("Jonathan");
    }

    @Test
    void aSubscriptionToAnUnknownSystemStopsStartUpNamingTheLine(@TempDir Path dir) throws IOException {
        Path mappings = copyOfMappings(dir);
        Files.writeString(mappings.resolve("subscriptions.yaml"), """
                subscriptions:
                  - id: cards-to-nowhere
                    on: card.upserted
                    to: nowhere
                    deliver: nowhere-card-sink
                """);
        assertThat(startupFailure(mappings)).contains("subscriptions.yaml:2").contains("unknown system 'nowhere'");
    }

    @Test
    void aSubscriptionToAMissingDeliveryRouteStopsStartUp(@TempDir Path dir) throws IOException {
        Path mappings = copyOfMappings(dir);
        Files.writeString(mappings.resolve("subscriptions.yaml"), """
                subscriptions:
                  - id: cards-to-ecom
                    on: card.upserted
                    to: ecom
                    deliver: ecom-card-nowhere
                """);
        assertThat(startupFailure(mappings)).contains("subscriptions.yaml:2").contains("direct:ecom-card-nowhere");
    }

    @Test
    void aWalletOperationACardTypeDoesNotTakeStopsStartUpNamingIt(@TempDir Path dir) throws IOException {
        Path mappings = copyOfMappings(dir);
        Path table = mappings.resolve("wallet/transaction.operations.yaml");
        // a coupon card only redeems: the vendor takes no stamp on it
        Files.writeString(table, Files.readString(table).replace("sale: {operation: redeem-coupon}", "sale: {operation: add-stamp, quantity: \"1\"}"));
        assertThat(startupFailure(mappings)).containsPattern(
                "mappings/wallet/transaction\\.operations\\.yaml:\\d+: sale of a coupon card would send add-stamp, which wallet takes only on stamp cards");
    }

    @Test
    void aDisabledSystemStartsNoneOfItsRoutes() {
        Map<String, String> settings = HubApplications.onSharedInfrastructure(TestInfrastructure.get().newDatabase(),
                TestInfrastructure.uniquePrefix());
        settings.put("hub.systems.ecom.enabled", "false");
        try (var hub = HubApplications.start(settings)) {
            org.apache.camel.CamelContext camel = hub.getBean(org.apache.camel.CamelContext.class);
            for (String route : java.util.List.of("ecom-card-poll", "ecom-card-intake", "dispatch-ecom", "ecom-card-sink", "ecom-card-bulk")) {
                assertThat(camel.getRouteController().getRouteStatus(route)).as(route).isEqualTo(org.apache.camel.ServiceStatus.Stopped);
            }
        }
    }

    @Test
    void aMisspeltTemplateParameterStopsStartUpNamingFileAndLine(@TempDir Path dir) throws IOException {
        Path routes = dir.resolve("routes");
        FileSystemUtils.copyRecursively(Path.of("routes"), routes);
        Path ecom = routes.resolve("ecom.camel.yaml");
        Files.writeString(ecom, Files.readString(ecom).replace("      - name: updatePath\n", "      - name: updatePaht\n"));
        assertThat(startupFailure(Path.of("mappings"), routes)).containsPattern("routes/ecom\\.camel\\.yaml:\\d+: template http-bulk-delivery has no parameter 'updatePaht'");
    }

    @Test
    void productionSettingsLeftAtTheirLocalOrSandboxValuesStopStartUpNamingEveryKeyInOneMessage() {
        Map<String, String> settings = HubApplications.onSharedInfrastructure(TestInfrastructure.get().newDatabase(),
                TestInfrastructure.uniquePrefix());
        settings.put("hub.sandbox.enabled", "false");
        settings.put("hub.ops.password", "local-dev");
        settings.put("hub.spi.api-keys", "a-real-register-key,local-dev-key");
        settings.put("hub.systems.ecom.base-url", "https://shop.example.com");
        settings.put("hub.systems.codes.auth.type", "bearer");
        settings.put("hub.systems.codes.auth.secret", "sandbox-wallet-key");
        settings.put("hub.systems.wallet.enabled", "false"); // a disabled system may keep the sandbox's settings
        String failure = startupFailure(settings);
        assertThat(failure).contains("set 6 key(s)")
                .contains("hub.ops.password (HUB_OPS_PASSWORD): the local default's password")
                .contains("hub.spi.api-keys (HUB_SPI_API_KEYS): holds the local default's key")
                .contains("hub.systems.codes.base-url (HUB_SYSTEMS_CODES_BASE_URL): points at the sandbox")
                .contains("hub.systems.codes.auth.secret (HUB_SYSTEMS_CODES_AUTH_SECRET): the sandbox's credential")
                .contains("hub.systems.promo.base-url (HUB_SYSTEMS_PROMO_BASE_URL): points at the sandbox")
                .contains("hub.systems.promo.token (HUB_SYSTEMS_PROMO_TOKEN): the sandbox's credential")
                .doesNotContain("hub.systems.ecom").doesNotContain("hub.systems.wallet").doesNotContain("a-real-register-key");
    }

    private static String startupFailure(Path mappings) {
        return startupFailure(mappings, Path.of("routes"));
    }

    private static String startupFailure(Path mappings, Path routes) {
        Map<String, String> settings = HubApplications.onSharedInfrastructure(TestInfrastructure.get().newDatabase(),
                TestInfrastructure.uniquePrefix());
        settings.put("hub.mappings.dir", mappings.toString());
        settings.put("hub.routes.dir", routes.toString());
        return startupFailure(settings);
    }

    private static String startupFailure(Map<String, String> settings) {
        Throwable[] failure = new Throwable[1];
        assertThatThrownBy(() -> HubApplications.start(settings).close()).satisfies(e -> failure[0] = e);
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure[0]; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private static Path copyOfMappings(Path dir) throws IOException {
        Path copy = dir.resolve("mappings");
        FileSystemUtils.copyRecursively(Path.of("mappings"), copy);
        try (Stream<Path> files = Files.walk(copy)) {
            assertThat(files.count()).isGreaterThan(5);
        }
        return copy;
    }
}
