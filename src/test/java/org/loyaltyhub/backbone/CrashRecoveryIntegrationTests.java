package org.loyaltyhub.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.SandboxFault;
import org.loyaltyhub.sandbox.SandboxFaults;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.HubTestSupport;
import org.loyaltyhub.support.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A hub in a child JVM is killed with SIGKILL in the middle of 2,000 deliveries to ecom; a new one
 * starts on the same database and Kafka offsets. Every card arrives, none twice. This JVM only plays
 * the ecom sandbox (no routes of its own).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.embedded.enabled=false",
        "hub.sandbox.enabled=true",
        "hub.routes.dir=src/test/resources/no-routes",
        "hub.ops.username=" + HubTestSupport.OPERATOR,
        "hub.ops.password=" + HubTestSupport.OPERATOR_PASSWORD,
        "camel.main.shutdown-timeout=3"})
@org.springframework.test.context.ContextConfiguration(initializers = HubTestSupport.Infrastructure.class)
class CrashRecoveryIntegrationTests {

    private static final int CARDS = 2000;

    @Autowired
    EcomCardStore ecom;
    @Autowired
    SandboxFaults faults;
    @LocalServerPort
    int port;

    @Test
    void killedMidwayThenRestartedEveryCardArrivesExactlyOnce(@TempDir Path logs) throws Exception {
        String prefix = TestInfrastructure.uniquePrefix();
        Map<String, String> hub = HubApplications.onSharedInfrastructure(TestInfrastructure.get().newDatabase(), prefix);
        hub.put("hub.systems.ecom.base-url", "http://127.0.0.1:" + port + "/sandbox/ecom");
        hub.put("hub.systems.ecom.poll-interval", "1s");
        hub.put("hub.systems.ecom.batch.size", "50");
        hub.put("hub.systems.ecom.batch.timeout", "200");
        hub.put("hub.systems.ecom.retry.max-attempts", "40");
        hub.put("hub.systems.ecom.retry.initial-delay", "50ms");
        hub.put("hub.systems.ecom.retry.max-delay", "500ms");
        // slow ecom down so that the kill lands while deliveries are in flight
        faults.set("ecom", new SandboxFault(null, 1.0, 40L, false, null));

        List<String> cards = new ArrayList<>();
        IntStream.range(0, CARDS).forEach(i -> cards.add(HubTestSupport.card(code(i), "B74-" + i, "Crash" + i, "1.00")));
        HubTestSupport.publishCards(TestInfrastructure.get().bootstrapServers(), prefix + "cards", "spi", cards,
                json -> json.substring(json.indexOf("\"number\":\"") + 10, json.indexOf("\"", json.indexOf("\"number\":\"") + 10)));

        Process first = HubApplications.startProcess(hub, logs.resolve("first.log"));
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> arrived() >= CARDS / 5 || !first.isAlive());
            assertThat(first.isAlive()).as("first hub still running; its log: %s", HubApplications.logTail(logs.resolve("first.log"))).isTrue();
        } finally {
            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no commits
        }
        long atKill = arrived();
        assertThat(atKill).as("killed in the middle").isLessThan(CARDS);

        Process second = HubApplications.startProcess(hub, logs.resolve("second.log"));
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(arrived()).as("log: %s", HubApplications.logTail(logs.resolve("second.log"))).isEqualTo(CARDS));
        } finally {
            second.destroy();
            second.waitFor();
            faults.clearAll();
        }
        IntStream.range(0, CARDS).forEach(i -> {
            assertThat(ecom.findAllByCode(code(i))).as("card %s", code(i)).hasSize(1);
            assertThat(ecom.writesFor(code(i), EcomCardStore.CREATE)).as("creates of %s", code(i)).isEqualTo(1);
        });
    }

    private long arrived() {
        return IntStream.range(0, CARDS).filter(i -> ecom.findByCode(code(i)).isPresent()).count();
    }

    private static String code(int i) {
        return "74%011d".formatted(i);
    }
}
