package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.reliability.DeliveryLog;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubSandboxCalls;
import org.loyaltyhub.support.HubTestSupport;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Waits never hold a consumer (#18): codes answering every call with 429 and {@code Retry-After: 120} opens its circuit
 * for the two minutes it asked for; its Kafka consumers pause their partitions and keep polling, so the group keeps its
 * members although the wait is twice the consumers' {@code max.poll.interval} (60 s here: a consumer that slept through
 * the wait would be thrown out of the group). After the wait the consumers resume and every event is delivered once.
 */
@HubIntegrationTest
@Import(HubSandboxCalls.Wiring.class)
@TestPropertySource(properties = "hub.kafka.max-poll-interval=60000")
class ConsumerPauseIntegrationTests {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(120);

    @Autowired
    TestRestTemplate http;
    @Autowired
    HubSandboxCalls calls;
    @Autowired
    SandboxFaults faults;
    @Autowired
    DeliveryLog deliveryLog;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    Topics topics;
    @Autowired
    ObjectMapper json;
    @Autowired
    Admin admin;
    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;
    @Value("${hub.kafka.group-prefix:hub-}")
    String groupPrefix;

    @AfterEach
    void clearFaults() {
        faults.clearAll();
    }

    @Test
    void aRetryAfterOfTwoMinutesPausesTheConsumersWithoutARebalanceAndTheyResume() throws Exception {
        String first = publishPromotion("PAUSE-FIRST");
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveryLog.delivered("codes", List.of(first)).size() == 1);
        Set<String> membersBefore = members();

        faults.set("codes", new SandboxFault(429, 1.0, 0L, false, (int) RETRY_AFTER.toSeconds()));
        List<String> events = IntStream.range(0, 5).mapToObj(i -> publishPromotion("PAUSE-" + i)).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> "paused".equals(systemCodes().path("consumer").asText()));
        Instant pausedAt = Instant.now();
        long callsWhenPaused = calls.count("codes");
        // the vendor is well again at once, but asked for two minutes: the hub keeps to them
        faults.clear("codes");

        await().atMost(RETRY_AFTER.plusSeconds(60)).until(() -> "running".equals(systemCodes().path("consumer").asText()));
        Duration paused = Duration.between(pausedAt, Instant.now());
        long callsWhilePaused = calls.times("codes").stream().filter(at -> at.isAfter(pausedAt)
                && at.isBefore(pausedAt.plus(RETRY_AFTER).minusSeconds(5))).count();
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveryLog.delivered("codes", events).size() == events.size());
        Set<String> membersAfter = members();

        LoggerFactory.getLogger(ConsumerPauseIntegrationTests.class).info(
                "Retry-After 120: consumers paused {} s, {} call(s) to codes while paused (before the pause: {}), members before {} after {}",
                paused.toSeconds(), callsWhilePaused, callsWhenPaused, membersBefore.size(), membersAfter.size());
        assertThat(paused).as("the pause lasts the wait the vendor asked for").isGreaterThan(RETRY_AFTER.minusSeconds(10));
        assertThat(callsWhilePaused).as("calls to codes during the wait").isZero();
        assertThat(membersAfter).as("the consumer group's members: the same, no rebalance threw one out").isEqualTo(membersBefore);
        assertThat(deadLetters.waitingIds("codes")).as("waiting spends no attempts").isEmpty();
    }

    private Set<String> members() throws Exception {
        return admin.describeConsumerGroups(List.of(groupPrefix + "codes")).all().get(10, TimeUnit.SECONDS)
                .get(groupPrefix + "codes").members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
    }

    private JsonNode systemCodes() throws Exception {
        return json.readTree(HubTestSupport.operator(http).getForObject("/ops/api/systems/codes", String.class));
    }

    private String publishPromotion(String code) {
        return HubTestSupport.publish(kafka, topics.forEntity("promotion"), "crm", "promotion.upserted", code, """
                {"code": "%s", "kind": "fixed", "amount": "10.00", "currency": "MDL", "enabled": true}""".formatted(code));
    }
}
