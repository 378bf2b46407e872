package org.loyaltyhub.systems;

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
 * The README's walkthrough system, "crm", for the tests that add a system from files: its files written
 * into a copy of the project's configuration folders, and a stand-in CRM server on loopback.
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
        return settings;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }

    // The files of the README's walkthrough ("Add a system"), word for word.

    static final String SETTINGS = """
            hub:
              systems:
                crm:
                  base-url: http://127.0.0.1:9999/api
                  # the keys the CRM sends as Authorization: Bearer <key> (comma-separated)
                  inbound-keys: crm-test-key
                  connect-timeout: 2000
                  read-timeout: 10000
                  retry:
                    max-attempts: 6
                    initial-delay: 500ms
                    multiplier: 2.0
                    max-delay: 30s
            """;

    static final String FROM_CANONICAL = """
            /* canonical card -> CRM card */
            {
              "id": refs.crm,
              "cardNo": number,
              "barcode": barcode,
              "enabled": active,
              "customer": $exists(holder) ? {"first": holder.firstName, "last": holder.lastName},
              "balance": $exists(accumulated) ? {"value": accumulated.amount, "currency": accumulated.currency}
            }
            """;

    static final String TO_CANONICAL = """
            /* CRM card (its webhook, or its answer to a PUT) -> canonical card */
            {
              "number": cardNo,
              "barcode": barcode,
              "active": enabled = "true" ? true : enabled = "false" ? false : enabled,
              "holder": $exists(customer) ? {"firstName": customer.first, "lastName": customer.last},
              "accumulated": $exists(balance) ? {"amount": balance.value, "currency": balance.currency},
              "refs": $exists(id) ? {"crm": $string(id)}
            }
            """;

    static final String CANONICAL_CARD = """
            {"number": "7000000000001", "barcode": "B7000000000001", "active": true,
             "holder": {"firstName": "Ana", "lastName": "Tester"}, "accumulated": {"amount": "12.50", "currency": "MDL"}}
            """;
    static final String CRM_CARD = """
            {"cardNo": "7000000000001", "barcode": "B7000000000001", "enabled": true,
             "customer": {"first": "Ana", "last": "Tester"}, "balance": {"value": "12.50", "currency": "MDL"}}
            """;
    static final String CRM_CARD_WITH_ID = """
            {"id": "C-1", "cardNo": "7000000000001", "enabled": true, "customer": {"first": "Ana", "last": "Tester"}}
            """;
    static final String CANONICAL_CARD_WITH_REF = """
            {"number": "7000000000001", "active": true, "holder": {"firstName": "Ana", "lastName": "Tester"}, "refs": {"crm": "C-1"}}
            """;

    static final String ROUTES = """
            # crm: a CRM that takes card events in its own JSON shape and sends card changes by webhook.
            - templatedRoute:
                routeTemplateRef: dispatch
                routeId: dispatch-crm
                parameters:
                  - name: system
                    value: crm

            - templatedRoute:
                routeTemplateRef: http-sink
                routeId: crm-card-sink
                parameters:
                  - name: system
                    value: crm
                  - name: entity
                    value: card
                  - name: mapping
                    value: crm/card.from-canonical
                  - name: path
                    value: /cards
                  - name: method
                    value: PUT
                  - name: answerMapping
                    value: crm/card.to-canonical

            - templatedRoute:
                routeTemplateRef: inbound-webhook
                routeId: crm-card-webhook
                parameters:
                  - name: system
                    value: crm
                  - name: entity
                    value: card
                  - name: mapping
                    value: crm/card.to-canonical
            """;

    static final String SUBSCRIPTION = """
              - id: cards-to-crm
                on: card.upserted
                to: crm
                deliver: crm-card-sink
            """;
}
