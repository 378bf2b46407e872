package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.promo.PromoCodeBook;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.HubTestSupport;
import org.loyaltyhub.support.TestInfrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A hub in a child JVM is killed with SIGKILL while promo attaches are in flight to a vendor that answers after
 * 40 ms; a new one starts on the same database and Kafka. Every accepted request (202 from
 * {@code /api/promo-assignments}) is attached exactly once at the promo sandbox, or parked as a dead letter of
 * unknown outcome; none is attached twice. This JVM only plays the promo sandbox (no routes of its own). Each
 * request asks for a code of its own loyalty program, whose pool has two codes: a repeated attach takes the second.
 */
@SandboxVendorsOnly
class PromoCrashRecoveryIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(PromoCrashRecoveryIntegrationTests.class);
    private static final int REQUESTS = 2000;
    private static final int CLIENTS = 4;
    /** Loyalty program of request i: FIRST_PROGRAM + i, its pool {@code CRASH-<i>-A}, {@code CRASH-<i>-B}. */
    private static final int FIRST_PROGRAM = 50_000;
    private static final String PROFILE = "p-1001";

    @Autowired
    PromoCodeBook promo;
    @Autowired
    SandboxFaults faults;
    @LocalServerPort
    int port;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void backToAFastVendor() {
        faults.clearAll();
    }

    @Test
    void killedWithAttachesInFlightToASlowVendorEveryAcceptedRequestIsAttachedOnceOrParkedAsUnknown(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path logs) throws Exception {
        IntStream.range(0, REQUESTS).forEach(i -> {
            promo.add(new PromoCodeBook.PromoCode(code(i, "A"), FIRST_PROGRAM + i, false, Set.of()));
            promo.add(new PromoCodeBook.PromoCode(code(i, "B"), FIRST_PROGRAM + i, false, Set.of()));
        });
        String prefix = TestInfrastructure.uniquePrefix();
        Map<String, String> hub = HubApplications.onSharedInfrastructure(TestInfrastructure.get().newDatabase(), prefix);
        hub.put("hub.systems.promo.base-url", "http://127.0.0.1:" + port + "/sandbox/promo");
        hub.put("hub.systems.promo.retry.max-attempts", "40");
        hub.put("hub.systems.promo.retry.initial-delay", "50ms");
        hub.put("hub.systems.promo.retry.max-delay", "500ms");
        hub.put("hub.api.keys.tests.key", HubTestSupport.API_KEY);
        hub.put("hub.api.keys.tests.scopes", "api/promo-assignments");
        hub.put("hub.ops.refresh-interval", "500ms");
        // promo alone: the other systems' polls and deliveries would only slow the child down
        List.of("ecom", "codes", "wallet").forEach(system -> hub.put("hub.systems." + system + ".enabled", "false"));
        // a vendor that answers after 40 ms, so that the kill lands while attaches are in flight
        faults.set("promo", new SandboxFault(null, 1.0, 40L, false, null));

        hub.put("server.port", String.valueOf(HubApplications.freePort()));
        Process first = HubApplications.startProcess(hub, logs.resolve("first.log"));
        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        // several clients at once, so that requests pile up in Kafka faster than the slow vendor takes them
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            String api = "http://127.0.0.1:" + hub.get("server.port");
            HubApplications.awaitReady(api, first, logs.resolve("first.log"));
            AtomicInteger next = new AtomicInteger();
            IntStream.range(0, CLIENTS).forEach(c -> clients.execute(() -> postUntilRefused(api, next, accepted)));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> attachedRequests() >= REQUESTS / 5 || !first.isAlive());
            assertThat(first.isAlive()).as("first hub still running; its log: %s", HubApplications.logTail(logs.resolve("first.log"))).isTrue();
        } finally {
            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no commits
            clients.shutdown();
        }
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        int attachedAtKill = attachedRequests();
        assertThat(attachedAtKill).as("killed in the middle").isLessThan(accepted.size());

        hub.put("server.port", String.valueOf(HubApplications.freePort()));
        Process second = HubApplications.startProcess(hub, logs.resolve("second.log"));
        String ops = "http://127.0.0.1:" + hub.get("server.port");
        List<JsonNode> parked;
        try {
            HubApplications.awaitReady(ops, second, logs.resolve("second.log"));
            // done: every event consumed and committed, so nothing more will be attached
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> promoLag(ops) == 0
                    && unsettled(accepted, ops).isEmpty());
            parked = parkedLetters(ops);
        } finally {
            second.destroy();
            second.waitFor();
        }
        // the figures #16 asks for: requests accepted, attached once, attached twice, parked
        int[] attached = attachedCodes();
        List<Integer> twice = IntStream.range(0, REQUESTS).filter(i -> attached[i] > 1).boxed().toList();
        long once = accepted.stream().filter(i -> attached[i] == 1).count();
        log.info("promo crash: {} accepted, {} attached once, {} attached twice {}, {} parked, {} attached at the kill",
                accepted.size(), once, twice.size(), twice, parked.size(), attachedAtKill);
        assertThat(twice).as("attached twice (of %d accepted, %d parked)", accepted.size(), parked.size()).isEmpty();
        assertThat(parked).allSatisfy(letter -> assertThat(letter.path("errorMessage").asText()).containsIgnoringCase("unknown"));
    }

    /** Posts the next request, and the next, until none is left or the hub stops answering; those answered 202 are accepted. */
    private void postUntilRefused(String api, AtomicInteger next, Set<Integer> accepted) {
        for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/api/promo-assignments"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + HubTestSupport.API_KEY)
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"loyaltyProgramId\": \"%d\", \"customer\": {\"profileId\": \"%s\"}}"
                            .formatted(FIRST_PROGRAM + i, PROFILE)))
                    .build();
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202) {
                    accepted.add(i);
                }
            } catch (IOException e) {
                return; // the hub is gone: the rest are never accepted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Per request, how many of its program's codes are attached to the profile (2: attached twice). */
    private int[] attachedCodes() {
        Set<String> codes = Set.copyOf(promo.codesOf(PROFILE));
        return IntStream.range(0, REQUESTS).map(i -> (codes.contains(code(i, "A")) ? 1 : 0) + (codes.contains(code(i, "B")) ? 1 : 0)).toArray();
    }

    private int attachedRequests() {
        return (int) IntStream.of(attachedCodes()).filter(count -> count > 0).count();
    }

    /** The accepted requests neither attached nor parked yet. */
    private List<Integer> unsettled(Set<Integer> accepted, String ops) {
        int[] attached = attachedCodes();
        Set<Integer> parked = parkedPrograms(ops);
        return accepted.stream().filter(i -> attached[i] == 0 && !parked.contains(FIRST_PROGRAM + i)).toList();
    }

    private static String code(int request, String which) {
        return "CRASH-" + request + "-" + which;
    }

    /** The promo dead letters, every status, as the second hub's ops API lists them. */
    private List<JsonNode> parkedLetters(String ops) {
        List<JsonNode> letters = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode answer = opsGet(ops, "/ops/api/dead-letters?system=promo&status=all&size=500&page=" + page);
            answer.path("items").forEach(letters::add);
            if (answer.path("items").size() < 500) {
                return letters;
            }
        }
    }

    private Set<Integer> parkedPrograms(String ops) {
        Set<Integer> programs = new HashSet<>();
        for (JsonNode letter : parkedLetters(ops)) {
            try {
                programs.add(json.readTree(letter.path("payload").asText()).path("loyaltyProgramId").asInt());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return programs;
    }

    /** The promo consumer's Kafka lag as the hub last measured it; -1 while not known. */
    private long promoLag(String ops) {
        JsonNode lag = opsGet(ops, "/ops/api/systems/promo").path("counts").path("kafkaLag");
        return lag.isNumber() ? lag.asLong() : -1;
    }

    private JsonNode opsGet(String ops, String path) {
        return HubApplications.opsGet(ops, path);
    }
}
