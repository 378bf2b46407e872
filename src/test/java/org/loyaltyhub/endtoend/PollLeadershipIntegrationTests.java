package org.loyaltyhub.endtoend;

import org.loyaltyhub.cluster.LeaderLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.TestInfrastructure;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two hubs (two Camel contexts) on one database: only one polls ecom; when it stops, the other takes over.
 * Each hub polls its own sandbox, so the sandbox a poll reached tells which hub polled.
 */
class PollLeadershipIntegrationTests {

    @Test
    void onlyOneOfTwoHubsPollsAndTheOtherTakesOverWhenItStops() {
        String database = TestInfrastructure.get().newDatabase();
        String prefix = TestInfrastructure.uniquePrefix();
        try (ConfigurableApplicationContext first = HubApplications.start(settings(database, prefix));
             ConfigurableApplicationContext second = HubApplications.start(settings(database, prefix))) {
            LeaderLock firstLock = first.getBean(LeaderLock.class);
            LeaderLock secondLock = second.getBean(LeaderLock.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> firstLock.isLeader("ecom-card-poll") || secondLock.isLeader("ecom-card-poll"));
            boolean firstLeads = firstLock.isLeader("ecom-card-poll");
            ConfigurableApplicationContext leader = firstLeads ? first : second;
            ConfigurableApplicationContext follower = firstLeads ? second : first;
            assertThat((firstLeads ? secondLock : firstLock).isLeader("ecom-card-poll")).isFalse();

            // a fault in each sandbox counts the polls that reached it
            polled(leader);
            polled(follower);
            long followerPolls = follower.getBean(SandboxFaults.class).failedCalls("ecom");
            await().atMost(Duration.ofSeconds(10)).until(() -> leader.getBean(SandboxFaults.class).failedCalls("ecom") >= 3);
            assertThat(follower.getBean(SandboxFaults.class).failedCalls("ecom")).isEqualTo(followerPolls);

            leader.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> follower.getBean(SandboxFaults.class).failedCalls("ecom") >= followerPolls + 3);
        }
    }

    private static void polled(ConfigurableApplicationContext hub) {
        hub.getBean(SandboxFaults.class).set("ecom", new org.loyaltyhub.sandbox.faults.SandboxFault(503, 1.0, 0L, false, null));
    }

    private static Map<String, String> settings(String database, String prefix) {
        Map<String, String> settings = HubApplications.onSharedInfrastructure(database, prefix);
        settings.put("hub.sandbox.enabled", "true");
        settings.put("hub.systems.ecom.base-url", "http://127.0.0.1:${local.server.port}/sandbox/ecom");
        settings.put("hub.systems.ecom.poll-interval", "300ms");
        settings.put("hub.systems.ecom.poll-delay", "100");
        return settings;
    }
}
