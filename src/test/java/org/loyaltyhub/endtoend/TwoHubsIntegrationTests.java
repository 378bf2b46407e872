package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.TestInfrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Two hubs in child JVMs share one PostgreSQL and one Kafka and deliver 2,000 cards to a slow ecom in batches;
 * one is killed with SIGKILL in the middle. Each collects batches of its own, and the batches the dead one left
 * (collecting or sent without an answer) are taken over by exactly one instance: every card arrives at ecom,
 * created once. This JVM only plays the ecom sandbox.
 */
@SandboxVendorsOnly
class TwoHubsIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(TwoHubsIntegrationTests.class);
    private static final int CARDS = 2000;

    @Autowired
    EcomCardStore ecom;
    @Autowired
    SandboxFaults faults;
    @LocalServerPort
    int port;

    @AfterEach
    void backToAFastVendor() {
        faults.clearAll();
    }

    @Test
    void oneOfTwoHubsKilledMidDeliveryEveryCardArrivesCreatedOnce(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path logs) throws Exception {
        String prefix = TestInfrastructure.uniquePrefix();
        Map<String, String> hub = EcomCardDeliveries.hubSettings(prefix, port);
        EcomCardDeliveries cards = new EcomCardDeliveries(ecom, "75", CARDS);
        List.of("codes", "promo", "wallet").forEach(system -> hub.put("hub.systems." + system + ".enabled", "false"));
        // one consumer per hub, so that both hubs take partitions of the cards topic
        hub.put("hub.kafka.consumers-per-target", "1");
        // the dead hub's partitions move to the live one after this
        hub.put("camel.component.kafka.session-timeout-ms", "10000");
        // slow ecom down so that the kill lands while batches are collecting and in flight
        faults.set("ecom", new SandboxFault(null, 1.0, 40L, false, null));

        hub.put("server.port", String.valueOf(HubApplications.freePort()));
        String firstAddress = "http://127.0.0.1:" + hub.get("server.port");
        Process first = HubApplications.startProcess(hub, logs.resolve("first.log"));
        hub.put("server.port", String.valueOf(HubApplications.freePort()));
        String secondAddress = "http://127.0.0.1:" + hub.get("server.port");
        Process second = HubApplications.startProcess(hub, logs.resolve("second.log"));
        try {
            HubApplications.awaitReady(firstAddress, first, logs.resolve("first.log"));
            HubApplications.awaitReady(secondAddress, second, logs.resolve("second.log"));

            cards.publish(prefix);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> cards.arrived() >= CARDS / 5 || !first.isAlive());
            assertThat(first.isAlive()).as("first hub still running; its log: %s", HubApplications.logTail(logs.resolve("first.log"))).isTrue();
            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no commits
            long atKill = cards.arrived();
            assertThat(atKill).as("killed in the middle").isLessThan(CARDS);

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(cards.arrived()).as("%s; log: %s", cards.whereTheMissingAre(hub.get("spring.datasource.url")),
                            HubApplications.logTail(logs.resolve("second.log"))).isEqualTo(CARDS));
            // no dead letter: a batch the dead hub had sent without an answer is settled by a poll, not sent again and refused
            int deadLetters = HubApplications.opsGet(secondAddress, "/ops/api/dead-letters?system=ecom&status=all&size=500").path("items").size();
            log.info("two hubs: {} cards, {} at ecom when the first hub was killed, {} dead letters", CARDS, atKill, deadLetters);
            assertThat(deadLetters).as("dead letters").isZero();
        } finally {
            first.destroyForcibly().waitFor();
            second.destroy();
            second.waitFor();
        }
        cards.assertEachCreatedOnce();
    }
}
