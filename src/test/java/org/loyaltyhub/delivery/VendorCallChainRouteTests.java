package org.loyaltyhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.reliability.DeliveryLog;
import org.loyaltyhub.store.CrossReferences;
import org.loyaltyhub.support.HubRouteTest;
import org.loyaltyhub.support.RouteAdvice;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The vendor-call template as a chain ({@code http-calls-sink} with {@code http-call} steps, {@link VendorCalls}
 * in each): the wallet's card delivery, a customer and then a card, each call advised into a mock vendor. Wallet
 * is disabled in the route tests' context (no Kafka consumer of its own); its three direct routes are started here.
 */
@HubRouteTest
class VendorCallChainRouteTests {

    static final String SINK = "wallet-card-sink";
    static final String CUSTOMER_CALL = "wallet-customer-call";
    static final String CARD_CALL = "wallet-card-call";

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    DeliveryLog deliveryLog;
    @Autowired
    CrossReferences crossReferences;
    @Autowired
    ObjectMapper json;

    MockEndpoint customers;
    MockEndpoint cards;

    @BeforeEach
    void callsAreMocks() throws Exception {
        customers = RouteAdvice.vendorOf(camel, CUSTOMER_CALL);
        cards = RouteAdvice.vendorOf(camel, CARD_CALL);
        for (String route : List.of(CUSTOMER_CALL, CARD_CALL, SINK)) {
            if (!camel.getRouteController().getRouteStatus(route).isStarted()) {
                camel.getRouteController().startRoute(route);
            }
        }
    }

    @Test
    void aCustomerCreateOfUnknownOutcomeIsLookedUpNotSentAgainAndTheChainGoesOn() throws Exception {
        String number = "79" + System.nanoTime() % 100_000_000_000L;
        String email = "chain-" + number + "@example.org";
        // the create is applied, its answer is a 500; the lookup finds the customer it made; the update and the card go through
        customers.whenExchangeReceived(1, RouteAdvice.fail(500));
        customers.whenExchangeReceived(2, RouteAdvice.answer(200, "application/json", """
                {"code": 200, "data": [
                  {"id": "someone-else", "email": "%s", "externalUserId": "another-card"},
                  {"id": "cust-%s", "email": "%s", "externalUserId": "%s"}]}""".formatted(email, number, email, number)));
        customers.whenExchangeReceived(3, RouteAdvice.answer(200, "application/json", """
                {"code": 200, "data": {"id": "cust-%s", "email": "%s", "externalUserId": "%s"}}""".formatted(number, email, number)));
        cards.whenAnyExchangeReceived(RouteAdvice.answer(201, "application/json", """
                {"code": 201, "data": {"id": "wc-%s", "templateId": 171, "customerId": "cust-%s", "status": "active"}}"""
                .formatted(number, number)));
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute(SINK).whenDone(1).create();

        Map<String, Object> headers = RouteAdvice.eventHeaders("crm", "card", "upserted", number);
        producer.asyncRequestBodyAndHeaders("direct:" + SINK, """
                {"number": "%s", "active": true, "holder": {"firstName": "Chain", "lastName": "Tester", "email": "%s"}}"""
                .formatted(number, email), headers);

        assertThat(done.matches(20, TimeUnit.SECONDS)).as("the delivery is done").isTrue();
        assertThat(customers.getReceivedExchanges().stream().map(call -> call.getMessage().getHeader(Exchange.HTTP_METHOD)))
                .as("one create, then the lookup instead of a second create, then an update of the customer it found")
                .containsExactly("POST", "GET", "PATCH");
        Exchange lookup = customers.getReceivedExchanges().get(1);
        assertThat(lookup.getMessage().getHeader(Exchange.HTTP_PATH)).isEqualTo("/api/v2/customers");
        assertThat(lookup.getMessage().getHeader(Exchange.HTTP_QUERY, String.class)).contains("email=chain-" + number);
        assertThat(customers.getReceivedExchanges().get(2).getMessage().getHeader(Exchange.HTTP_PATH)).isEqualTo("/api/v2/customers/cust-" + number);
        assertThat(cards.getReceivedCounter()).as("the card issued once").isEqualTo(1);
        assertThat(json.readTree(cards.getReceivedExchanges().get(0).getMessage().getBody(String.class)).path("customerId").asText())
                .as("for the customer the lookup found").isEqualTo("cust-" + number);
        assertThat(refOf(number, "wallet-customer")).isEqualTo("cust-" + number);
        assertThat(refOf(number, "wallet")).isEqualTo("wc-" + number);
        assertThat(deliveryLog.delivered("wallet", List.of((String) headers.get(CloudEvent.HEADER_ID)))).hasSize(1);
    }

    private String refOf(String number, String refName) {
        return crossReferences.withRef(json.createObjectNode().put("number", number), "card", refName).path("refs").path(refName)
                .asText(null);
    }
}
