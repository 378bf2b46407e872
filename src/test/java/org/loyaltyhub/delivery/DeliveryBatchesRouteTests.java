package org.loyaltyhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
 * mock vendor; the ecom poll's list call is a mock too, run when a test says ({@link RouteAdvice#pollOnDemand}).
 * Both mocks answer from one {@link Ecom}: what its bulk calls applied is what its list shows. A batch always fills
 * here (every test sends whole batches), so none waits for the timeout.
 */
@HubRouteTest
class DeliveryBatchesRouteTests {

    static final String SINK = "direct:ecom-card-sink";
    static final String BULK_ROUTE = "ecom-card-bulk";
    static final String POLL_ROUTE = "ecom-card-poll";
    static final String CREATE_PATH = "/external/discount-card/bulk-create/";
    static final String UPDATE_PATH = "/external/discount-card/bulk-update/";
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
    @Autowired
    UnconfirmedCreates unconfirmedCreates;
    @Autowired
    org.loyaltyhub.store.CanonicalStore store;

    MockEndpoint vendor;
    MockEndpoint reads;
    MockEndpoint list;
    final Ecom ecom = new Ecom();
    /** The ids the "vendor" gives: never one twice in the context, as a real vendor's. */
    static final AtomicLong VENDOR_IDS = new AtomicLong(1000);

    @BeforeEach
    void bulkCallAndPollAreMocks() throws Exception {
        // an update batch reads each card first (read-before-write): the "vendor" answers with what it holds. Advised
        // the mocks are taken once the route is advised both ways: advising a route again makes its endpoints anew
        RouteAdvice.readsOf(camel, BULK_ROUTE);
        vendor = RouteAdvice.vendorOf(camel, BULK_ROUTE);
        reads = RouteAdvice.reset(camel, RouteAdvice.READS + BULK_ROUTE);
        reads.whenAnyExchangeReceived(exchange -> ecom.read(exchange).process(exchange));
        list = RouteAdvice.pollOnDemand(camel, POLL_ROUTE);
        list.whenAnyExchangeReceived(exchange -> RouteAdvice.answer(200, "application/json", ecom.list().toString()).process(exchange));
    }

    @Test
    void aFullBatchOfNewCardsIsOneBulkCreateOfTheConfiguredSize() throws Exception {
        vendor.whenAnyExchangeReceived(ecom.answer(card -> true));
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
        numbers.forEach(number -> assertThat(ecomIdOf(number)).as("the id ecom gave card " + number).isEqualTo(ecom.idOf(number)));
    }

    @Test
    void aBulkAnswerThatLeavesItemsOutMarksOnlyTheItemsItListsDelivered() throws Exception {
        List<String> numbers = numbers(SIZE);
        Set<String> leftOut = Set.of(numbers.get(1), numbers.get(3));
        vendor.whenAnyExchangeReceived(ecom.answer(card -> !leftOut.contains(card.path("code").asText())));
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
    void aBatchANonAtomicVendorRefusedForOneBadItemWaitsForThePollThenWhatItAppliedIsUpdatedAndTheRestCreatedEachOnce() throws Exception {
        List<String> numbers = numbers(SIZE);
        String bad = numbers.get(2);
        Set<String> applied = Set.of(numbers.get(0), numbers.get(1));
        CountDownLatch refused = new CountDownLatch(1);
        // a non-atomic bulk API: it applies the items before the bad one, then refuses the whole call with 400
        vendor.whenAnyExchangeReceived(exchange -> {
            List<String> codes = codesIn(exchange);
            if (codes.contains(bad)) {
                ecom.create(requestOf(exchange).subList(0, codes.indexOf(bad)));
                refused.countDown();
                RouteAdvice.fail(400).process(exchange);
            } else {
                ecom.answer(card -> true).process(exchange);
            }
        });
        NotifyBuilder bulkDone = batchDone();

        // the fifth event completes the batch, and its sender delivers it: sent from another thread
        CompletableFuture<Map<String, String>> sending = CompletableFuture.supplyAsync(() -> send(numbers));
        assertThat(refused.await(20, TimeUnit.SECONDS)).as("the vendor refused the batch").isTrue();
        // each card is sent alone now, and waits: it was marked as created with an unknown outcome (the vendor may
        // have applied it before refusing), until a poll after the refusal shows whether ecom holds it
        pollUntil(bulkDone);

        assertThat(bulkDone.matches(1, TimeUnit.SECONDS)).as("the batch is done, each of its cards alone within").isTrue();
        Map<String, String> events = sending.get(20, TimeUnit.SECONDS);
        List<Exchange> calls = vendor.getReceivedExchanges();
        assertThat(calls).as("the batch, then one call per card").hasSize(1 + SIZE);
        assertThat(codesIn(calls.get(0))).containsExactlyElementsOf(numbers);
        List<Exchange> alone = calls.subList(1, calls.size());
        alone.forEach(call -> assertThat(codesIn(call)).as("a card sent alone").hasSize(1));
        assertThat(codesSentTo(alone, UPDATE_PATH)).as("the cards the poll found are updated").containsExactlyInAnyOrderElementsOf(applied);
        assertThat(codesSentTo(alone, CREATE_PATH)).as("the others are created")
                .containsExactlyInAnyOrder(bad, numbers.get(3), numbers.get(4));
        for (String number : numbers) {
            boolean isBad = number.equals(bad);
            assertThat(ecom.createdTimes(number)).as("card %s created at ecom", number).isEqualTo(isBad ? 0 : 1);
            assertThat(ecomIdOf(number)).as("the id ecom gave card %s", number).isEqualTo(ecom.idOf(number));
            assertThat(deliveryLog.delivered("ecom", List.of(events.get(number)))).as("card %s delivered", number).hasSize(isBad ? 0 : 1);
            assertThat(deadLetters(events.get(number))).as("card %s dead-lettered", number).isEqualTo(isBad ? 1 : 0);
        }
        assertThat(unconfirmedCreates.markedAmong("ecom", "card", numbers)).as("creates left unconfirmed").isEmpty();
    }

    @Test
    void aCreateBatchOfUnknownOutcomeIsSentAgainAsOneBatchThatWaitsForThePollThenWhatWasAppliedIsUpdatedAndTheRestCreatedInOneCall()
            throws Exception {
        List<String> numbers = numbers(SIZE);
        List<String> appliedFirst = numbers.subList(0, 3);
        CountDownLatch lost = new CountDownLatch(1);
        // the first call is applied in part (three cards) and its answer lost: 500, the outcome unknown to the hub
        vendor.whenExchangeReceived(1, exchange -> {
            ecom.create(requestOf(exchange).subList(0, appliedFirst.size()));
            lost.countDown();
            RouteAdvice.fail(500).process(exchange);
        });
        for (int call = 2; call <= 1 + SIZE; call++) {
            vendor.whenExchangeReceived(call, ecom.answer(card -> true));
        }
        NotifyBuilder bulkDone = batchDone();

        CompletableFuture<Map<String, String>> sending = CompletableFuture.supplyAsync(() -> send(numbers));
        assertThat(lost.await(20, TimeUnit.SECONDS)).as("the vendor's answer was lost").isTrue();
        // the batch, sent again as one, waits for a poll after the lost call (sent again blindly, it would create the
        // three cards a second time)
        pollUntil(bulkDone);

        assertThat(bulkDone.matches(1, TimeUnit.SECONDS)).as("the batch is done, its second delivery within").isTrue();
        Map<String, String> events = sending.get(20, TimeUnit.SECONDS);
        List<Exchange> calls = vendor.getReceivedExchanges();
        // a found card goes alone as an update, read first (read-before-write)
        assertThat(reads.getReceivedExchanges()).as("each found card read before its update").hasSize(appliedFirst.size())
                .allSatisfy(read -> assertThat(read.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo("GET"));
        assertThat(calls).as("the batch, an update per card the poll found, one create of the rest").hasSize(1 + appliedFirst.size() + 1);
        assertThat(codesIn(calls.get(0))).containsExactlyElementsOf(numbers);
        List<Exchange> after = calls.subList(1, calls.size());
        List<Exchange> updates = after.stream().filter(call -> UPDATE_PATH.equals(pathOf(call))).toList();
        List<Exchange> creates = after.stream().filter(call -> CREATE_PATH.equals(pathOf(call))).toList();
        updates.forEach(call -> assertThat(codesIn(call)).as("a found card is updated alone").hasSize(1));
        assertThat(codesSentTo(updates, UPDATE_PATH)).containsExactlyInAnyOrderElementsOf(appliedFirst);
        assertThat(creates).as("the rest created in one call").singleElement()
                .satisfies(call -> assertThat(codesIn(call)).containsExactlyInAnyOrder(numbers.get(3), numbers.get(4)));
        for (String number : numbers) {
            assertThat(ecom.createdTimes(number)).as("card %s created at ecom", number).isEqualTo(1);
            assertThat(ecomIdOf(number)).as("the id ecom gave card %s", number).isEqualTo(ecom.idOf(number));
            assertThat(deliveryLog.delivered("ecom", List.of(events.get(number)))).as("card %s delivered", number).hasSize(1);
            assertThat(deadLetters(events.get(number))).as("card %s dead-lettered", number).isZero();
        }
        assertThat(unconfirmedCreates.markedAmong("ecom", "card", numbers)).as("creates left unconfirmed").isEmpty();
    }

    /**
     * Runs ecom polls until the batch is done: the cards wait for a poll that started after their failure was settled
     * (their marks moved to that time), which the test's first poll, run as soon as the vendor failed, may precede.
     */
    private void pollUntil(NotifyBuilder done) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            poll();
            return done.matches(500, TimeUnit.MILLISECONDS);
        });
    }

    /** Runs an ecom poll now, which lists what {@link #ecom} holds; returns once the whole list is read and settled. */
    private void poll() {
        int before = list.getReceivedCounter();
        Exchange poll = producer.send(RouteAdvice.pollNow(POLL_ROUTE), exchange -> { });
        assertThat(list.getReceivedCounter()).as("the poll listed ecom's cards").isEqualTo(before + 1);
        assertThat(poll.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)).as("the poll's failure").isNull();
    }

    /**
     * Done when the batch (the aggregated exchange, which called the vendor) is done: delivered, or failed and
     * handled by the error policy, its items delivered again inside that handling.
     */
    private NotifyBuilder batchDone() {
        return new NotifyBuilder(camel).wereSentTo(vendor.getEndpointUri())
                .filter(exchange -> exchange.getProperty(Exchange.AGGREGATED_COMPLETED_BY) != null).whenDone(1).create();
    }

    /**
     * The "vendor": the cards its bulk creates applied, by code, each with the id it gave it and counted per create,
     * and the list a poll reads.
     */
    final class Ecom {

        private final Map<String, ObjectNode> cards = new ConcurrentHashMap<>();
        private final Map<String, Integer> creates = new ConcurrentHashMap<>();

        /** A bulk API that applies and answers each item it takes (with its id); items it does not take are left out. */
        Processor answer(Predicate<JsonNode> takes) {
            return exchange -> {
                List<JsonNode> taken = requestOf(exchange).stream().filter(takes).toList();
                ArrayNode answer = CREATE_PATH.equals(pathOf(exchange)) ? create(taken) : update(taken);
                RouteAdvice.answer(200, "application/json", answer.toString()).process(exchange);
            };
        }

        /** One card by the id in the read's path, or 404. */
        Processor read(Exchange exchange) {
            String path = pathOf(exchange);
            String id = path.replaceAll("^.*/([^/]+)/?$", "$1");
            return cards.values().stream().filter(card -> card.path("id").asText().equals(id)).findFirst()
                    .map(card -> RouteAdvice.answer(200, "application/json", card.toString()))
                    .orElse(RouteAdvice.answer(404, "application/json", "{\"detail\": \"Not found.\"}"));
        }

        /** Applies creates: each card gets a new id. */
        ArrayNode create(List<JsonNode> items) {
            ArrayNode created = json.createArrayNode();
            for (JsonNode item : items) {
                ObjectNode card = ((ObjectNode) item.deepCopy()).put("id", VENDOR_IDS.incrementAndGet());
                cards.put(card.path("code").asText(), card);
                creates.merge(card.path("code").asText(), 1, Integer::sum);
                created.add(card);
            }
            return created;
        }

        /** Applies updates of cards it holds, by their id (an update of a card it does not hold is left out). */
        private ArrayNode update(List<JsonNode> items) {
            ArrayNode updated = json.createArrayNode();
            for (JsonNode item : items) {
                ObjectNode held = cards.get(item.path("code").asText());
                if (held != null && held.path("id").asLong() == item.path("id").asLong()) {
                    held.setAll((ObjectNode) item.deepCopy());
                    updated.add(held.deepCopy());
                }
            }
            return updated;
        }

        ArrayNode list() {
            ArrayNode list = json.createArrayNode();
            cards.values().forEach(card -> list.add(card.deepCopy()));
            return list;
        }

        int createdTimes(String code) {
            return creates.getOrDefault(code, 0);
        }

        String idOf(String code) {
            ObjectNode card = cards.get(code);
            return card == null ? null : card.path("id").asText();
        }
    }

    /** The items of a bulk call's body. */
    private List<JsonNode> requestOf(Exchange call) {
        List<JsonNode> items = new ArrayList<>();
        try {
            json.readTree(call.getMessage().getBody(String.class)).forEach(items::add);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return items;
    }

    private static String pathOf(Exchange call) {
        return call.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
    }

    /** The codes of the calls to one path (create or update). */
    private List<String> codesSentTo(List<Exchange> calls, String path) {
        List<String> codes = new ArrayList<>();
        for (Exchange call : calls) {
            if (path.equals(pathOf(call))) {
                codes.addAll(codesIn(call));
            }
        }
        return codes;
    }

    /** The codes of the cards in a bulk call, in the call's order. */
    private List<String> codesIn(Exchange call) {
        return requestOf(call).stream().map(item -> item.path("code").asText()).toList();
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


    /**
     * A create still under way tells a poll nothing: the poll may read the vendor's list before the request reaches
     * it (seen in the full suite: a second create of a card whose first create's answer was still coming, refused
     * as a duplicate). Once the call failed, a poll that started after the failure decides. An entity name of its own,
     * so that no real poll of ecom takes part.
     */
    @Test
    void aPollWhileACreateIsStillUnderWayDecidesNothing() {
        String entity = "create-under-way";
        unconfirmedCreates.sending("ecom", entity, List.of("K-1"));
        unconfirmedCreates.pollCompleted("ecom", entity, store.databaseTime());
        assertThat(unconfirmedCreates.decide("ecom", entity, "K-1")).as("the poll may have read the list before the create arrived")
                .isEqualTo(UnconfirmedCreates.Decision.WAIT_FOR_POLL);

        unconfirmedCreates.failed("ecom", entity, List.of("K-1"));
        assertThat(unconfirmedCreates.decide("ecom", entity, "K-1")).as("no poll since the failure")
                .isEqualTo(UnconfirmedCreates.Decision.WAIT_FOR_POLL);
        unconfirmedCreates.pollCompleted("ecom", entity, store.databaseTime());
        assertThat(unconfirmedCreates.decide("ecom", entity, "K-1")).as("a poll after the failure did not find it")
                .isEqualTo(UnconfirmedCreates.Decision.CREATE);
    }

    private int deadLetters(String eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE event_id = :id AND target = 'ecom'",
                new MapSqlParameterSource("id", eventId), Integer.class);
    }
}
