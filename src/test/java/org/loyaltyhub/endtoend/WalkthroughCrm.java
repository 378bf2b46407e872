package org.loyaltyhub.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.TestInfrastructure;
import org.springframework.util.FileSystemUtils;

/**
 * The walkthrough system of docs/adding-a-system.md, "crm", for the tests that add a system from files: its files
 * (samples/crm, which the page links) written into a copy of the project's configuration folders, and a stand-in
 * CRM server on loopback.
 */
final class WalkthroughCrm implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A call the CRM received. */
    record Recorded(String method, String path, String contentType, JsonNode body) {
    }

    final Path routes;
    final Path mappings;
    final Path settingsFile;
    final List<Recorded> received = new CopyOnWriteArrayList<>();
    /** Card numbers the CRM refuses (400) for now. */
    final Set<String> refused = ConcurrentHashMap.newKeySet();
    /** Card numbers the CRM has started to receive; those in {@link #held} wait for {@link #release}. */
    final Set<String> seen = ConcurrentHashMap.newKeySet();
    final Set<String> held = ConcurrentHashMap.newKeySet();
    final CountDownLatch release = new CountDownLatch(1);
    private final HttpServer server;

    /** Copies routes/ and mappings/ into {@code dir}, adds the CRM's files and starts the stand-in CRM. */
    WalkthroughCrm(Path dir, String subscription) throws IOException {
        routes = dir.resolve("routes");
        mappings = dir.resolve("mappings");
        FileSystemUtils.copyRecursively(Path.of("routes"), routes);
        FileSystemUtils.copyRecursively(Path.of("mappings"), mappings);
        Files.createDirectories(mappings.resolve("crm/examples"));
        Files.writeString(mappings.resolve("crm/card.from-canonical.jsonata"), FROM_CANONICAL);
        Files.writeString(mappings.resolve("crm/card.to-canonical.jsonata"), TO_CANONICAL);
        Files.writeString(mappings.resolve("crm/examples/card.from-canonical.full.in.json"), CANONICAL_CARD);
        Files.writeString(mappings.resolve("crm/examples/card.from-canonical.full.out.json"), CRM_CARD);
        Files.writeString(mappings.resolve("crm/examples/card.to-canonical.webhook.in.json"), CRM_CARD_WITH_ID);
        Files.writeString(mappings.resolve("crm/examples/card.to-canonical.webhook.out.json"), CANONICAL_CARD_WITH_REF);
        Files.writeString(routes.resolve("crm.camel.yaml"), ROUTES);
        Files.writeString(mappings.resolve("subscriptions.yaml"), Files.readString(mappings.resolve("subscriptions.yaml")) + subscription);
        settingsFile = dir.resolve("crm-settings.yaml");
        Files.writeString(settingsFile, SETTINGS);

        // without it every request waits ~44 ms for Nagle and delayed ACK (PERF-NOTES.md)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/cards", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String cardNo = body.path("cardNo").asText();
            seen.add(cardNo);
            if (held.contains(cardNo)) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (refused.contains(cardNo)) {
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            received.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            // the CRM answers with the card as it now holds it, under its own id
            ObjectNode answer = ((ObjectNode) body.deepCopy()).put("id", "C-" + received.size());
            byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** A hub on the shared test infrastructure, on these folders, with the CRM's settings file. */
    Map<String, String> hubSettings() {
        Map<String, String> settings = HubApplications.onSharedInfrastructure(TestInfrastructure.get().newDatabase(),
                TestInfrastructure.uniquePrefix());
        settings.put("hub.routes.dir", routes.toString());
        settings.put("hub.mappings.dir", mappings.toString());
        // the built-in vendors are not under test here: their polls would only add noise
        settings.put("hub.systems.ecom.enabled", "false");
        settings.put("hub.systems.codes.enabled", "false");
        settings.put("hub.systems.promo.enabled", "false");
        settings.put("spring.config.import", "file:" + settingsFile);
        settings.put("hub.systems.crm.base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/api");
        // the tests' webhook key, in place of the sample's local default (crm-local-key)
        settings.put("hub.systems.crm.inbound-keys", "crm-test-key");
        return settings;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }

    // The files of the walkthrough (docs/adding-a-system.md), which the page and these tests share.

    static final Path SAMPLE = Path.of("samples/crm");
    static final String SETTINGS = sample("crm-settings.yaml");
    static final String FROM_CANONICAL = sample("mappings/crm/card.from-canonical.jsonata");
    static final String TO_CANONICAL = sample("mappings/crm/card.to-canonical.jsonata");
    static final String CANONICAL_CARD = sample("mappings/crm/examples/card.from-canonical.full.in.json");
    static final String CRM_CARD = sample("mappings/crm/examples/card.from-canonical.full.out.json");
    static final String CRM_CARD_WITH_ID = sample("mappings/crm/examples/card.to-canonical.webhook.in.json");
    static final String CANONICAL_CARD_WITH_REF = sample("mappings/crm/examples/card.to-canonical.webhook.out.json");
    static final String ROUTES = sample("routes/crm.camel.yaml");
    static final String SUBSCRIPTION = sample("subscription.yaml");

    private static String sample(String file) {
        try {
            return Files.readString(SAMPLE.resolve(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
