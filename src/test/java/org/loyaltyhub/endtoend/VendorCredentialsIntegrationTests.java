package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.HubTestSupport;
import org.loyaltyhub.support.TestInfrastructure;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A hub configured as in production (no sandbox) against a recording vendor on a random port: every call of the
 * ecom poll and bulk delivery carries ecom's HTTP basic credential, every call of the codes paged poll and single
 * delivery its query token; a secret rotated in the secrets directory is used after a reload; no secret reaches a
 * dead letter; and hub-internal headers a Kafka producer wrote are not honoured.
 */
@ExtendWith(OutputCaptureExtension.class)
class VendorCredentialsIntegrationTests {

    private static final String CODES_SECRET = "codes-secret-1";

    @TempDir
    static Path secrets;
    static HttpServer vendor;
    static final List<Call> calls = new CopyOnWriteArrayList<>();
    /** While set, the codes list answers 500. */
    static volatile boolean codesDown;
    static ConfigurableApplicationContext hub;

    record Call(String method, String uri, String authorization) {
    }

    @BeforeAll
    static void start() throws IOException {
        vendor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        vendor.createContext("/", VendorCredentialsIntegrationTests::answer);
        vendor.start();
        Files.writeString(secrets.resolve("hub.systems.ecom.auth.secret"), "ecom-secret-1\n");
        String base = "http://127.0.0.1:" + vendor.getAddress().getPort();

        Map<String, String> settings = HubApplications.onSharedInfrastructure(TestInfrastructure.get().newDatabase(),
                TestInfrastructure.uniquePrefix());
        settings.put("hub.sandbox.enabled", "false");
        settings.put("hub.secrets-dir", secrets.toString());
        settings.put("hub.systems.ecom.base-url", base + "/ecom");
        settings.put("hub.systems.ecom.auth.type", "basic");
        settings.put("hub.systems.ecom.auth.username", "hub-user");
        settings.put("hub.systems.ecom.poll-interval", "300ms");
        settings.put("hub.systems.ecom.poll-delay", "100");
        settings.put("hub.systems.ecom.batch.timeout", "200");
        settings.put("hub.systems.codes.base-url", base + "/codes");
        settings.put("hub.systems.codes.auth.type", "query");
        settings.put("hub.systems.codes.auth.name", "access_key");
        settings.put("hub.systems.codes.auth.secret", CODES_SECRET);
        settings.put("hub.systems.codes.poll-interval", "300ms");
        settings.put("hub.systems.codes.poll-delay", "100");
        settings.put("hub.systems.promo.enabled", "false");
        settings.put("hub.systems.wallet.enabled", "false");
        hub = HubApplications.start(settings);
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        vendor.stop(0);
    }

    /** ecom: an empty list, bulk answers; codes: an empty page, and every code refused (400). */
    private static void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String uri = exchange.getRequestURI().toString();
        calls.add(new Call(exchange.getRequestMethod(), uri, exchange.getRequestHeaders().getFirst("Authorization")));
        int status = 200;
        String body;
        if (uri.startsWith("/ecom/")) {
            body = "[]";
        } else if (uri.startsWith("/codes/") && exchange.getRequestMethod().equals("GET") && codesDown) {
            status = 500;
            body = "{}";
        } else if (uri.startsWith("/codes/") && exchange.getRequestMethod().equals("GET")) {
            body = "{\"Items\": [], \"TotalItemsCount\": 0}";
        } else {
            status = 400;
            body = "{\"error\": \"refused\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void everyEcomAndCodesCallCarriesItsSystemsCredentialAndARotatedSecretIsTakenAtReload() throws Exception {
        String kafka = hub.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
        Topics topics = hub.getBean(Topics.class);
        HubTestSupport.publish(kafka, topics.forEntity("card"), "spi", "card.upserted", "7700000000001",
                HubTestSupport.card("7700000000001", "B-7700000000001", "Cred", "1.00"));

        String basic1 = "Basic " + Base64.getEncoder().encodeToString("hub-user:ecom-secret-1".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(calls).anySatisfy(call -> assertCall(call, "GET", "/ecom/external/discount-card/", basic1));
            assertThat(calls).anySatisfy(call -> assertCall(call, "POST", "/ecom/external/discount-card/bulk-create/", basic1));
            assertThat(calls).anySatisfy(call -> assertCall(call, "GET", "/codes/api/v2/admin/discount-codes?access_key=" + CODES_SECRET, null));
        });
        assertThat(calls).filteredOn(call -> call.uri().startsWith("/ecom/")).allSatisfy(call -> assertThat(call.authorization()).isEqualTo(basic1));
        assertThat(calls).filteredOn(call -> call.uri().startsWith("/codes/")).allSatisfy(call -> assertThat(call.uri()).contains("access_key=" + CODES_SECRET));

        Files.writeString(secrets.resolve("hub.systems.ecom.auth.secret"), "ecom-secret-2\n");
        assertThat(ops("POST", "/ops/api/reload").statusCode()).isEqualTo(200);
        String basic2 = "Basic " + Base64.getEncoder().encodeToString("hub-user:ecom-secret-2".getBytes(StandardCharsets.UTF_8));
        int before = calls.size();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            // a copy: a sublist of the live list fails when a call arrives while it is read
            List<Call> sinceReload = List.copyOf(calls);
            assertThat(sinceReload.subList(before, sinceReload.size()))
                    .anySatisfy(call -> assertCall(call, "GET", "/ecom/external/discount-card/", basic2));
        });
    }

    @Test
    void aRefusedCallsDeadLetterHoldsNoSecretAndAForeignReplayHeaderIsNotHonoured() throws Exception {
        String kafka = hub.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
        Topics topics = hub.getBean(Topics.class);
        JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
        HubTestSupport.publish(kafka, topics.forEntity("promotion"), "crm", "promotion.upserted", "CRED-1", """
                {"code": "CRED-1", "kind": "fixed", "amount": "5.00", "currency": "MDL", "enabled": true}""");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM dead_letter WHERE target = 'codes' AND subject = 'CRED-1'", Integer.class) == 1);
        assertThat(calls).anySatisfy(call -> assertCall(call, "POST", "/codes/api/v2/admin/discount-codes?access_key=" + CODES_SECRET, null));
        Long first = jdbc.queryForObject("SELECT id FROM dead_letter WHERE subject = 'CRED-1'", Long.class);
        assertThat(jdbc.queryForObject("SELECT error_message || history::text FROM dead_letter WHERE id = ?", String.class, first))
                .contains("400").doesNotContain(CODES_SECRET);
        assertThat(ops("GET", "/ops/api/dead-letters?system=codes").body()).contains("CRED-1").doesNotContain(CODES_SECRET);
        List<ConsumerRecord<String, String>> dlq = HubTestSupport.readUntil(kafka, topics.deadLetters(),
                records -> records.stream().anyMatch(r -> "CRED-1".equals(r.key())), Duration.ofSeconds(20));
        assertThat(dlq).allSatisfy(r -> assertThat(HubTestSupport.header(r, "hub_error")).doesNotContain(CODES_SECRET));

        // a producer naming that dead letter as the one its event replays: the event is a new failure of its own
        HubTestSupport.publish(kafka, topics.forEntity("promotion"), "crm", "promotion.upserted", "CRED-2", """
                {"code": "CRED-2", "kind": "fixed", "amount": "6.00", "currency": "MDL", "enabled": true}""",
                Map.of("hubReplayOf", String.valueOf(first)));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM dead_letter WHERE subject = 'CRED-2'", Integer.class) == 1);
        assertThat(jdbc.queryForObject("SELECT subject FROM dead_letter WHERE id = ?", String.class, first)).isEqualTo("CRED-1");
        assertThat(jdbc.queryForObject("SELECT jsonb_array_length(history) FROM dead_letter WHERE id = ?", Integer.class, first)).isEqualTo(1);
    }

    @Test
    void aFailedPollIsLoggedWithoutTheUrlThatCarriesTheToken(CapturedOutput output) {
        codesDown = true;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> output.getOut().contains("Poll codes-promotion-poll failed"));
        } finally {
            codesDown = false;
        }
        assertThat(output.getOut()).contains("Poll codes-promotion-poll failed, next attempt at the next tick: HTTP 500")
                .doesNotContain(CODES_SECRET).doesNotContain("ecom-secret");
    }

    private static void assertCall(Call call, String method, String uri, String authorization) {
        assertThat(call.method()).isEqualTo(method);
        assertThat(call.uri()).startsWith(uri);
        if (authorization != null) {
            assertThat(call.authorization()).isEqualTo(authorization);
        }
    }

    private static HttpResponse<String> ops(String method, String path) throws Exception {
        String port = hub.getEnvironment().getProperty("local.server.port");
        String login = HubTestSupport.OPERATOR + ":" + HubTestSupport.OPERATOR_PASSWORD;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)))
                .header("X-Requested-By", "tests")
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
