package org.loyaltyhub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.support.HubRouteTest;
import org.loyaltyhub.support.RouteAdvice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay ({@link OutboxRelay}, not a route itself) seen from Kafka: a route of the test's own consumes
 * the topic the rows are appended for into a mock endpoint, and a NotifyBuilder waits until it has consumed the
 * records a test expects. Each test uses a subject (the record key, so one partition) of its own.
 */
@HubRouteTest
class OutboxRelayRouteTests {

    static final String OBSERVER = "relay-observer";
    static final String RELAYED = "mock:relayed";

    @Autowired
    CamelContext camel;
    @Autowired
    EventOutbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Value("${hub.kafka.topic-prefix}")
    String prefix;

    MockEndpoint relayed;

    @BeforeEach
    void observeTheTopic() throws Exception {
        synchronized (OutboxRelayRouteTests.class) {
            if (camel.getRoute(OBSERVER) == null) {
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("kafka:" + topic() + "?groupId=" + prefix + OBSERVER + "&autoOffsetReset=earliest")
                                .routeId(OBSERVER).to(RELAYED);
                    }
                });
            }
        }
        relayed = RouteAdvice.reset(camel, RELAYED);
    }

    @Test
    void rowsAppendedInSeveralTransactionsArePublishedInTheOrderTheyWereAppended() {
        String subject = "relay-order-" + UUID.randomUUID();
        List<String> payloads = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            payloads.add("{\"n\":" + i + "}");
        }
        NotifyBuilder consumed = consumedOf(subject, payloads.size());

        append(subject, payloads.subList(0, 3));
        append(subject, payloads.subList(3, 6));

        assertThat(consumed.matches(30, TimeUnit.SECONDS)).as("all six records reached Kafka").isTrue();
        assertThat(bodiesOf(subject)).containsExactlyElementsOf(payloads);
    }

    @Test
    void aRowKafkaCanNeverTakeIsParkedAndTheRowsBehindItArePublishedInOrder() {
        String subject = "relay-poison-" + UUID.randomUUID();
        // over the producer's max.request.size (1 MiB): refused for good, however often it is sent
        String poison = "{\"note\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        List<String> payloads = List.of("{\"n\":1}", "{\"n\":2}", poison, "{\"n\":3}", "{\"n\":4}");
        NotifyBuilder consumed = consumedOf(subject, 4);

        List<CloudEvent> events = append(subject, payloads);

        assertThat(consumed.matches(30, TimeUnit.SECONDS)).as("the four rows around the poison reached Kafka").isTrue();
        assertThat(bodiesOf(subject)).as("in order, without the poison (one partition: it would sit between 2 and 3)")
                .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
        // Kafka has the records before the relay's transaction (which parks the poison with the batch) commits
        await().atMost(Duration.ofSeconds(10)).until(() -> pending(subject) == 0);
        Map<String, Object> letter = jdbc.queryForMap("SELECT target, permanent, status, error_type FROM dead_letter WHERE event_id = :id",
                new MapSqlParameterSource("id", events.get(2).id()));
        assertThat(letter).containsEntry("target", "kafka").containsEntry("permanent", true).containsEntry("status", "waiting");
        assertThat((String) letter.get("error_type")).endsWith("RecordTooLargeException");
    }

    /** Rows of the subject the relay has not settled (published, or set aside as a dead letter). */
    private int pending(String subject) {
        return jdbc.queryForObject("SELECT count(*) FROM event_outbox WHERE subject = :subject AND published_at IS NULL",
                new MapSqlParameterSource("subject", subject), Integer.class);
    }

    private String topic() {
        return prefix + "relay-observed";
    }

    /** Appends one event per payload for the subject, in one transaction, as a change would; the events. */
    private List<CloudEvent> append(String subject, List<String> payloads) {
        List<CloudEvent> events = payloads.stream().map(payload -> CloudEvent.of("tests", "card", "relay-observed", subject, payload)).toList();
        transactions.executeWithoutResult(status -> events.forEach(event -> outbox.appendTo(topic(), event, Map.of())));
        return events;
    }

    /** Done when the observer consumed this many records of the subject. */
    private NotifyBuilder consumedOf(String subject, int records) {
        return new NotifyBuilder(camel).fromRoute(OBSERVER).filter(exchange -> subject.equals(keyOf(exchange))).whenDone(records).create();
    }

    private List<String> bodiesOf(String subject) {
        return relayed.getReceivedExchanges().stream().filter(exchange -> subject.equals(keyOf(exchange)))
                .map(exchange -> exchange.getMessage().getBody(String.class)).toList();
    }

    private static String keyOf(Exchange exchange) {
        return exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
    }
}
