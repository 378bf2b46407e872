package org.loyaltyhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.reliability.DeliveryLog;
import org.loyaltyhub.store.CrossReferences;
import org.loyaltyhub.support.HubRouteTest;
import org.loyaltyhub.support.HubTestSupport;
import org.loyaltyhub.support.RouteAdvice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Batched delivery at the route level: ecom's card events collected by {@code batched-http-sink} into batches of
 * {@link HubRouteTest#ECOM_BATCH_SIZE}, delivered by {@code http-bulk-delivery}, whose bulk call is advised into a
 * mock vendor. A batch always fills here (every test sends whole batches), so none waits for the timeout.
 */
@HubRouteTest
class DeliveryBatchesRouteTests {

    static final String SINK = "direct:ecom-card-sink";
    static final String BULK_ROUTE = "ecom-card-bulk";
    static final int SIZE = HubRouteTest.ECOM_BATCH_SIZE;
    static final AtomicLong NUMBERS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    DeliveryLog deliveryLog;
    @Autowired
    CrossReferences crossReferences;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    MockEndpoint vendor;
    /** The ids the "vendor" gives: never one twice in the context, as a real vendor's. */
    static final AtomicLong VENDOR_IDS = new AtomicLong(1000);

    @BeforeEach
    void bulkCallIsAMock() throws Exception {
        vendor = RouteAdvice.vendorOf(camel, BULK_ROUTE);
    }

    @Test
    void aFullBatchOfNewCardsIsOneBulkCreateOfTheConfiguredSize() throws Exception {
        vendor.whenAnyExchangeReceived(vendorAnswering(card -> true));
        List<String> numbers = numbers(SIZE);
        NotifyBuilder bulkDone = batchDone();

        Map<String, String> events = send(numbers);

        assertThat(bulkDone.matches(20, TimeUnit.SECONDS)).as("the bulk route is done with the batch").isTrue();
        assertThat(vendor.getReceivedCounter()).as("one call for the whole batch").isEqualTo(1);
        Exchange call = vendor.getReceivedExchanges().get(0);
        assertThat(call.getProperty(Exchange.AGGREGATED_COMPLETED_BY, String.class)).as("complete by its size, not its timeout")
                .isEqualTo("size");
        assertThat(call.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo("POST");
        assertThat(call.getMessage().getHeader(Exchange.HTTP_PATH)).isEqualTo("/external/discount-card/bulk-create/");
        assertThat(codesIn(call)).containsExactlyInAnyOrderElementsOf(numbers);
        assertThat(deliveryLog.delivered("ecom", events.values())).containsExactlyInAnyOrderElementsOf(events.values());
        numbers.forEach(number -> assertThat(ecomIdOf(number)).as("the id ecom gave card " + number).isNotNull());
    }

    @Test
    void aBulkAnswerThatLeavesItemsOutMarksOnlyTheItemsItListsDelivered() throws Exception {
        List<String> numbers = numbers(SIZE);
        Set<String> leftOut = Set.of(numbers.get(1), numbers.get(3));
        vendor.whenAnyExchangeReceived(vendorAnswering(card -> !leftOut.contains(card.path("code").asText())));
        NotifyBuilder bulkDone = batchDone();

        Map<String, String> events = send(numbers);

        assertThat(bulkDone.matches(20, TimeUnit.SECONDS)).as("the bulk route is done with the batch").isTrue();
        assertThat(vendor.getReceivedCounter()).isEqualTo(1);
        for (String number : numbers) {
            String eventId = events.get(number);
            boolean listed = !leftOut.contains(number);
            assertThat(deliveryLog.delivered("ecom", List.of(eventId))).as("card %s delivered", number).hasSize(listed ? 1 : 0);
            assertThat(ecomIdOf(number) != null).as("card %s has ecom's id", number).isEqualTo(listed);
            assertThat(deadLetters(eventId)).as("card %s dead-lettered", number).isEqualTo(listed ? 0 : 1);
        }
    }

    @Test
    void aBatchRefusedAsAWholeForOneBadItemIsDeliveredItemByItemAndOnlyTheBadItemIsADeadLetter() throws Exception {
        List<String> numbers = numbers(SIZE);
        String bad = numbers.get(2);
        // a bulk API refuses the whole batch for one bad item: 400 for any request that holds it
        vendor.whenAnyExchangeReceived(exchange -> {
            if (codesIn(exchange).contains(bad)) {
                RouteAdvice.fail(400).process(exchange);
            } else {
                vendorAnswering(card -> true).process(exchange);
            }
        });
        NotifyBuilder bulkDone = batchDone();

        Map<String, String> events = send(numbers);

        assertThat(bulkDone.matches(20, TimeUnit.SECONDS)).as("the batch is done, each of its items alone within").isTrue();
        assertThat(vendor.getReceivedCounter()).as("the batch, then each item alone").isEqualTo(1 + SIZE);
        assertThat(codesIn(vendor.getReceivedExchanges().get(0))).hasSize(SIZE);
        for (int i = 1; i <= SIZE; i++) {
            assertThat(codesIn(vendor.getReceivedExchanges().get(i))).hasSize(1);
        }
        for (String number : numbers) {
            boolean isBad = number.equals(bad);
            assertThat(deliveryLog.delivered("ecom", List.of(events.get(number)))).as("card %s delivered", number).hasSize(isBad ? 0 : 1);
            assertThat(deadLetters(events.get(number))).as("card %s dead-lettered", number).isEqualTo(isBad ? 1 : 0);
        }
    }

    /**
     * Done when the batch (the aggregated exchange, which called the vendor) is done: delivered, or failed and
     * handled by the error policy, its items delivered alone inside that handling.
     */
    private NotifyBuilder batchDone() {
        return new NotifyBuilder(camel).wereSentTo(vendor.getEndpointUri())
                .filter(exchange -> exchange.getProperty(Exchange.AGGREGATED_COMPLETED_BY) != null).whenDone(1).create();
    }

    /** A bulk API that answers each item it took with the item and the id it gave it; items it did not take are left out. */
    private Processor vendorAnswering(Predicate<JsonNode> takes) {
        return exchange -> {
            JsonNode request = json.readTree(exchange.getMessage().getBody(String.class));
            ArrayNode answer = json.createArrayNode();
            for (JsonNode item : request) {
                if (takes.test(item)) {
                    answer.add(((ObjectNode) item.deepCopy()).put("id", VENDOR_IDS.incrementAndGet()));
                }
            }
            RouteAdvice.answer(200, "application/json", answer.toString()).process(exchange);
        };
    }

    private List<String> codesIn(Exchange call) throws Exception {
        List<String> codes = new ArrayList<>();
        json.readTree(call.getMessage().getBody(String.class)).forEach(item -> codes.add(item.path("code").asText()));
        return codes;
    }

    /** Card numbers no other test uses. */
    private static List<String> numbers(int count) {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add("77" + NUMBERS.incrementAndGet());
        }
        return numbers;
    }

    /** Sends a card.upserted event per number to the sink, as the dispatch consumer does; event ids by number. */
    private Map<String, String> send(List<String> numbers) {
        Map<String, String> events = new java.util.LinkedHashMap<>();
        for (String number : numbers) {
            Map<String, Object> headers = RouteAdvice.eventHeaders("crm", "card", "upserted", number);
            producer.sendBodyAndHeaders(SINK, HubTestSupport.card(number, "B" + number, "Route", "10.00"), headers);
            events.put(number, (String) headers.get(CloudEvent.HEADER_ID));
        }
        return events;
    }

    private String ecomIdOf(String number) {
        return crossReferences.withRef(json.createObjectNode().put("number", number), "card", "ecom").path("refs").path("ecom").asText(null);
    }

    private int deadLetters(String eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE event_id = :id AND target = 'ecom'",
                new MapSqlParameterSource("id", eventId), Integer.class);
    }
}
