package org.loyaltyhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.reliability.DeliveryLog;
import org.loyaltyhub.support.HubRouteTest;
import org.loyaltyhub.support.RouteAdvice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The vendor-call template ({@code http-calls-sink} with one {@code http-call}, {@link VendorCalls} and the one error
 * policy) at the route level: promo's attach delivery, its HTTP call replaced by a mock endpoint that answers, or fails, as each test says. An event
 * goes straight to the route's direct endpoint; a NotifyBuilder waits until the route is done with it (delivered or
 * dead-lettered, both end the exchange).
 */
@HubRouteTest
class VendorCallRouteTests {

    static final String ROUTE = "promo-promo-assignment-sink";
    /** The sink's one call, whose HTTP endpoint the vendor's mock replaces. */
    static final String CALL = "promo-attach-call";
    static final String ACCEPTED = "{\"data\": null, \"error\": 0, \"error_text\": \"Successful operation\"}";

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    DeliveryLog deliveryLog;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    MockEndpoint vendor;

    @BeforeEach
    void vendorIsAMock() throws Exception {
        vendor = RouteAdvice.vendorOf(camel, CALL);
    }

    @Test
    void anAcceptedCallIsMadeOnceAndTheEventCountsAsDelivered() throws Exception {
        vendor.whenAnyExchangeReceived(RouteAdvice.answer(200, "application/json", ACCEPTED));

        String eventId = deliver("profile-ok");

        assertThat(vendor.getReceivedCounter()).isEqualTo(1);
        Exchange call = vendor.getReceivedExchanges().get(0);
        assertThat(call.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo("POST");
        assertThat(call.getMessage().getHeader(Exchange.HTTP_PATH)).isEqualTo("/api/v1.1/promocodes/attach");
        assertThat(call.getMessage().getHeader(CloudEvent.HEADER_ID)).as("no CloudEvent header reaches the vendor").isNull();
        JsonNode body = json.readTree(call.getMessage().getBody(String.class));
        assertThat(body.path("matching").asText()).isEqualTo("profile_id");
        assertThat(body.path("profile_id").asText()).isEqualTo("profile-ok");
        assertThat(body.path("loyalty_id").asInt()).as("summer through hub.systems.promo.loyalty-ids").isEqualTo(5);
        assertThat(delivered(eventId)).isTrue();
        assertThat(deadLetter(eventId)).isNull();
    }

    /** Failures that say the vendor did not take the call: retried, then delivered by the second attempt. */
    static Stream<Arguments> retryableFailures() {
        return Stream.of(
                Arguments.of("503 unavailable", RouteAdvice.fail(503)),
                Arguments.of("429 too many requests", RouteAdvice.fail(429)),
                Arguments.of("connect timeout", RouteAdvice.fail(new ConnectTimeoutException("connect timed out"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("retryableFailures")
    void aFailureTheVendorDidNotApplyIsRetriedAndTheSecondAttemptDelivers(String name, Processor failure) throws Exception {
        vendor.whenExchangeReceived(1, failure);
        vendor.whenExchangeReceived(2, RouteAdvice.answer(200, "application/json", ACCEPTED));

        String eventId = deliver("profile-retry");

        assertThat(vendor.getReceivedCounter()).as("the first attempt and one redelivery").isEqualTo(2);
        assertThat(vendor.getReceivedExchanges().get(1).getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class))
                .as("the second call is Camel's first redelivery").isEqualTo(1);
        assertThat(delivered(eventId)).isTrue();
        assertThat(deadLetter(eventId)).isNull();
    }

    @Test
    void aPermanentRefusalIsADeadLetterAtOnceAndNeverRetried() throws Exception {
        vendor.whenAnyExchangeReceived(RouteAdvice.fail(400));

        String eventId = deliver("profile-refused");

        assertThat(vendor.getReceivedCounter()).isEqualTo(1);
        assertThat(delivered(eventId)).isFalse();
        Map<String, Object> letter = deadLetter(eventId);
        assertThat(letter).containsEntry("permanent", true).containsEntry("outcome_unknown", false).containsEntry("status", "waiting")
                .containsEntry("attempts", 1).containsEntry("route_id", ROUTE);
    }

    @Test
    void aRefusalInTheVendorsOwnTermsInsideA200IsADeadLetterWithItsText() throws Exception {
        vendor.whenAnyExchangeReceived(RouteAdvice.answer(200, "application/json",
                "{\"data\": null, \"error\": 17, \"error_text\": \"No free code in the pool\"}"));

        String eventId = deliver("profile-no-code");

        assertThat(vendor.getReceivedCounter()).isEqualTo(1);
        assertThat(delivered(eventId)).isFalse();
        Map<String, Object> letter = deadLetter(eventId);
        assertThat(letter).containsEntry("permanent", true).containsEntry("outcome_unknown", false);
        assertThat((String) letter.get("error_message")).contains("error 17", "No free code in the pool");
    }

    /** Failures after which the vendor may have applied the call: promo cannot be read, so it is never sent again. */
    static Stream<Arguments> unknownOutcomes() {
        return Stream.of(
                Arguments.of("500 after applying", RouteAdvice.fail(500)),
                Arguments.of("read timeout", RouteAdvice.fail(new SocketTimeoutException("Read timed out"))),
                Arguments.of("nonsense 200 body", RouteAdvice.answer(200, "application/json", "<html>upstream says hello")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownOutcomes")
    void aCallOfUnknownOutcomeIsMadeOnceAndParkedAsOutcomeUnknown(String name, Processor failure) throws Exception {
        vendor.whenAnyExchangeReceived(failure);

        String eventId = deliver("profile-unknown");

        assertThat(vendor.getReceivedCounter()).as("never sent a second time").isEqualTo(1);
        assertThat(delivered(eventId)).isFalse();
        Map<String, Object> letter = deadLetter(eventId);
        assertThat(letter).as("a dead letter").isNotNull();
        assertThat(letter).containsEntry("outcome_unknown", true).containsEntry("permanent", true).containsEntry("status", "waiting");
        assertThat((String) letter.get("error_message")).contains("outcome", "unknown");
    }

    /** Sends one promo-assignment.requested event to the route and waits until the route is done with it; its id. */
    private String deliver(String profileId) {
        Map<String, Object> headers = RouteAdvice.eventHeaders("crm", "promo-assignment", "requested", profileId);
        String body = """
                {"loyaltyProgramId": "summer", "customer": {"profileId": "%s"}}""".formatted(profileId);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute(ROUTE).whenDone(1).create();
        producer.asyncRequestBodyAndHeaders("direct:" + ROUTE, body, headers);
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("the route is done with the event").isTrue();
        return (String) headers.get(CloudEvent.HEADER_ID);
    }

    private boolean delivered(String eventId) {
        return !deliveryLog.delivered("promo", List.of(eventId)).isEmpty();
    }

    private Map<String, Object> deadLetter(String eventId) {
        List<Map<String, Object>> letters = jdbc.queryForList("""
                SELECT permanent, outcome_unknown, status, attempts, route_id, error_message FROM dead_letter
                WHERE event_id = :id AND target = 'promo'""", new MapSqlParameterSource("id", eventId));
        assertThat(letters).hasSizeLessThanOrEqualTo(1);
        return letters.isEmpty() ? null : letters.get(0);
    }
}
