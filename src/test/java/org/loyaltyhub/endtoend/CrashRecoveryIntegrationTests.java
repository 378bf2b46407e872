package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A hub in a child JVM is killed with SIGKILL in the middle of 2,000 deliveries to ecom; a new one
 * starts on the same database and Kafka offsets. Every card arrives, none twice. This JVM only plays
 * the ecom sandbox (no routes of its own).
 */
@SandboxVendorsOnly
class CrashRecoveryIntegrationTests {

    private static final int CARDS = 2000;

    @Autowired
    EcomCardStore ecom;
    @Autowired
    SandboxFaults faults;
    @LocalServerPort
    int port;

    @Test
    void killedMidwayThenRestartedEveryCardArrivesExactlyOnce(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path logs) throws Exception {
        String prefix = TestInfrastructure.uniquePrefix();
        Map<String, String> hub = EcomCardDeliveries.hubSettings(prefix, port);
        EcomCardDeliveries cards = new EcomCardDeliveries(ecom, "74", CARDS);
        // slow ecom down so that the kill lands while deliveries are in flight
        faults.set("ecom", new SandboxFault(null, 1.0, 40L, false, null));

        cards.publish(prefix);

        Process first = HubApplications.startProcess(hub, logs.resolve("first.log"));
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> cards.arrived() >= CARDS / 5 || !first.isAlive());
            assertThat(first.isAlive()).as("first hub still running; its log: %s", HubApplications.logTail(logs.resolve("first.log"))).isTrue();
        } finally {
            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no commits
        }
        long atKill = cards.arrived();
        assertThat(atKill).as("killed in the middle").isLessThan(CARDS);

        Process second = HubApplications.startProcess(hub, logs.resolve("second.log"));
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(cards.arrived()).as("log: %s", HubApplications.logTail(logs.resolve("second.log"))).isEqualTo(CARDS));
        } finally {
            second.destroy();
            second.waitFor();
            faults.clearAll();
        }
        cards.assertEachCreatedOnce();
    }
}
