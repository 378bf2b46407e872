package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.reliability.DeliveryLog;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFault.Mode;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.codes.CodesDiscountCodeStore;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.promo.PromoCodeBook;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubSandboxCalls;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The hub under each way a real vendor misbehaves ({@code _faults} with a {@code mode}, README "Sandbox faults"),
 * driven through the sandboxes over HTTP: nothing is lost, nothing is applied twice, and what the hub cannot decide
 * waits as a dead letter in the ops API. A vendor that misbehaves once and then answers (or that takes duplicates)
 * is set with {@link HubSandboxCalls#changeFaultAt}, so that a blind repeat of a call shows at the vendor.
 * The nonsense answers of the codes poll are shown in {@link CodesSyncIntegrationTests}.
 */
@HubIntegrationTest
@Import(HubSandboxCalls.Wiring.class)
@TestPropertySource(properties = {
        "hub.systems.ecom.batch.timeout=1500", // cards published together make one batch
        // a hanging or trickling vendor is given up on quickly
        "hub.systems.ecom.read-timeout=3000",
        "hub.systems.codes.read-timeout=3000",
        "hub.systems.promo.read-timeout=3000"})
class VendorFaultModesIntegrationTests {

    static final String CARDS = "/external/discount-card/";
    static final String BULK_CREATE = "/external/discount-card/bulk-create/";
    static final String BULK_UPDATE = "/external/discount-card/bulk-update/";
    static final String CODES = "/api/v2/admin/discount-codes";
    static final String ATTACH = "/api/v1.1/promocodes/attach";

    @Autowired
    TestRestTemplate http;
    @Autowired
    SandboxFaults faults;
    @Autowired
    HubSandboxCalls calls;
    @Autowired
    EcomCardStore ecom;
    @Autowired
    CodesDiscountCodeStore codes;
    @Autowired
    PromoCodeBook promo;
    @Autowired
    CanonicalStore store;
    @Autowired
    DeliveryLog deliveryLog;
    @Autowired
    Topics topics;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @AfterEach
    void backToAWellBehavedVendor() {
        calls.cancelFaultChanges();
        faults.clearAll();
    }

    @Nested
    class PartialBulk {

        @Test
        void cardsAppliedButMissingFromTheBulkCreateAnswerAreParkedAsUnknownAndTheirReplayCreatesNothingTwice() throws Exception {
            faults.set("ecom", fault(Mode.PARTIAL_BULK, "rest-applied", BULK_CREATE));
            Map<String, String> events = publishCards(numbers(1, 4), "1.00");

            List<JsonNode> parked = settledCards(events);
            assertThat(events.keySet()).as("applied, listed or not").allSatisfy(n -> assertThat(ecom.findAllByCode(n)).hasSize(1));

            faults.clear("ecom");
            replayAndAwaitDelivered(parked);
            assertThat(events.keySet()).allSatisfy(n -> {
                assertThat(ecom.findAllByCode(n)).as(n).hasSize(1);
                assertThat(ecom.writesFor(n, EcomCardStore.CREATE)).as("creates of %s", n).isEqualTo(1);
            });
        }

        @Test
        void cardsNeitherAppliedNorListedAreParkedAsUnknownAndTheirReplayCreatesThemOnce() throws Exception {
            faults.set("ecom", fault(Mode.PARTIAL_BULK, "rest-not-applied", BULK_CREATE));
            Map<String, String> events = publishCards(numbers(2, 4), "1.00");

            List<JsonNode> parked = settledCards(events);
            assertThat(parked).allSatisfy(letter -> assertThat(ecom.findAllByCode(letter.path("subject").asText())).isEmpty());

            faults.clear("ecom");
            replayAndAwaitDelivered(parked);
            assertThat(events.keySet()).allSatisfy(n -> assertThat(ecom.findAllByCode(n)).as(n).hasSize(1));
        }

        @Test
        void updatesMissingFromTheBulkUpdateAnswerAreParkedAsUnknownAndTheirReplayAppliesThem() throws Exception {
            List<String> numbers = numbers(3, 4);
            Map<String, String> created = publishCards(numbers, "1.00");
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveryLog.delivered("ecom", created.values()).size() == numbers.size());

            faults.set("ecom", fault(Mode.PARTIAL_BULK, "rest-not-applied", BULK_UPDATE));
            Map<String, String> updates = publishCards(numbers, "9.00");

            List<JsonNode> parked = settledCards(updates);
            assertThat(parked).allSatisfy(letter -> assertThat(ecom.findByCode(letter.path("subject").asText()).orElseThrow()
                    .accumulatedAmount()).as("not applied").isEqualByComparingTo("1.00"));

            faults.clear("ecom");
            replayAndAwaitDelivered(parked);
            assertThat(numbers).allSatisfy(n -> {
                assertThat(ecom.findAllByCode(n)).as(n).hasSize(1);
                assertThat(ecom.findByCode(n).orElseThrow().accumulatedAmount()).as(n).isEqualByComparingTo("9.00");
            });
        }
    }

    @Nested
    class NonAtomicBulk {

        @Test
        void cardsAppliedBeforeTheRefusedOneAreNeitherLostNorCreatedTwice() throws Exception {
            faults.set("ecom", fault(Mode.NON_ATOMIC_BULK, null, BULK_CREATE));
            // the vendor applies the cards before the last, refuses the batch, and from then on takes even a repeated create
            calls.changeFaultAt("ecom", "POST", BULK_CREATE, 2, fault(Mode.DUPLICATES_ACCEPTED, null, BULK_CREATE));
            Map<String, String> events = publishCards(numbers(4, 3), "1.00");

            await().atMost(Duration.ofSeconds(60)).until(() -> events.entrySet().stream()
                    .allMatch(e -> deliveryLog.delivered("ecom", List.of(e.getValue())).size() == 1 || letterOf("ecom", e.getKey()) != null));
            assertThat(events.keySet()).as("nothing created twice").allSatisfy(n -> assertThat(ecom.findAllByCode(n)).as(n).hasSizeLessThanOrEqualTo(1));
            assertThat(events.keySet()).as("nothing lost").allSatisfy(n -> assertThat(ecom.findAllByCode(n).size() == 1 || letterOf("ecom", n) != null)
                    .as(n).isTrue());

            faults.clear("ecom");
            replayAndAwaitDelivered(events.keySet().stream().map(n -> letterOf("ecom", n)).filter(l -> l != null).toList());
            assertThat(events.keySet()).allSatisfy(n -> assertThat(ecom.findAllByCode(n)).as(n).hasSize(1));
        }

        @Test
        void aRefusedBatchLeavesEveryCardEitherAtTheVendorOnceOrParkedAndTheReplaysCreateNothingTwice() throws Exception {
            faults.set("ecom", fault(Mode.NON_ATOMIC_BULK, null, BULK_CREATE));
            Map<String, String> events = publishCards(numbers(5, 3), "1.00");

            // the refusal leaves each card's create of unknown outcome: the next poll finds the two applied before it, which
            // go on as updates; the third, sent alone, is refused again (the fault refuses every call's last item)
            await().atMost(Duration.ofSeconds(60)).until(() -> events.entrySet().stream()
                    .allMatch(e -> deliveryLog.delivered("ecom", List.of(e.getValue())).size() == 1 || letterOf("ecom", e.getKey()) != null));
            assertThat(events.keySet()).allSatisfy(n -> assertThat(ecom.findAllByCode(n)).as(n).hasSizeLessThanOrEqualTo(1));
            assertThat(events.keySet().stream().filter(n -> ecom.findByCode(n).isPresent())).as("applied before the refusal").hasSize(2);
            assertThat(events.keySet().stream().filter(n -> letterOf("ecom", n) != null)).as("parked: the refused card alone").hasSize(1);

            faults.clear("ecom");
            replayAndAwaitDelivered(events.keySet().stream().map(n -> letterOf("ecom", n)).filter(l -> l != null).toList());
            assertThat(events.keySet()).allSatisfy(n -> {
                assertThat(ecom.findAllByCode(n)).as(n).hasSize(1);
                assertThat(ecom.writesFor(n, EcomCardStore.CREATE)).as("creates of %s", n).isEqualTo(1);
            });
        }
    }

    @Nested
    class DuplicatesAccepted {

        @Test
        void aReplayedCardWhoseCreateMayHaveBeenAppliedIsNotCreatedAgain() throws Exception {
            faults.set("ecom", fault(Mode.PARTIAL_BULK, "rest-applied", BULK_CREATE));
            Map<String, String> events = publishCards(numbers(6, 4), "1.00");
            List<JsonNode> parked = settledCards(events);

            // the operator replays at a vendor that makes a second card for a repeated create
            faults.set("ecom", fault(Mode.DUPLICATES_ACCEPTED, null, BULK_CREATE));
            replayAndAwaitDelivered(parked);
            assertThat(events.keySet()).allSatisfy(n -> assertThat(ecom.findAllByCode(n)).as(n).hasSize(1));
        }

        @Test
        void aBulkCreateAppliedWithoutAnAnswerIsNotRetriedIntoASecondCard() throws Exception {
            faults.set("ecom", fault(Mode.APPLIED_NO_ANSWER, "reset", BULK_CREATE));
            calls.changeFaultAt("ecom", "POST", BULK_CREATE, 2, fault(Mode.DUPLICATES_ACCEPTED, null, BULK_CREATE));
            Map<String, String> events = publishCards(numbers(7, 2), "1.00");

            await().atMost(Duration.ofSeconds(60)).until(() -> events.entrySet().stream()
                    .allMatch(e -> deliveryLog.delivered("ecom", List.of(e.getValue())).size() == 1 || letterOf("ecom", e.getKey()) != null));
            assertThat(events.keySet()).allSatisfy(n -> assertThat(ecom.findAllByCode(n)).as(n).hasSize(1));
        }
    }

    @Nested
    class BodyDropped {

        @Test
        void aCodesListAnsweringItsDefaultPageForEveryPageFailsThePollAndDeletesNothing() throws Exception {
            // more codes than the vendor's default page (Limit 100): with the query dropped, every page is the first one
            List<String> dropped = IntStream.range(0, 105).mapToObj("DROP-%03d"::formatted).toList();
            dropped.forEach(code -> createCode(code, 5));
            await().atMost(Duration.ofSeconds(60)).until(() -> dropped.stream().allMatch(c -> store.find("promotion", c).isPresent()));

            faults.set("codes", fault(Mode.BODY_DROPPED, null, CODES));
            OffsetDateTime completed = lastCompleteCodesPollOnceFaulted();
            long before = calls.count("codes", "GET", CODES);
            // two more polls, each reading past the default page
            await().atMost(Duration.ofSeconds(30)).until(() -> calls.count("codes", "GET", CODES) >= before + 4);
            assertThat(pollCompletedAt("codes", "promotion")).as("no poll completed").isEqualTo(completed);
            assertThat(dropped).allSatisfy(c -> assertThat(store.find("promotion", c)).as(c).isPresent());
            assertThat(heldDeletions()).isEmpty();

            faults.clear("codes");
            await().atMost(Duration.ofSeconds(30)).until(() -> pollCompletedAt("codes", "promotion").isAfter(completed));
            assertThat(dropped).allSatisfy(c -> assertThat(store.find("promotion", c)).as(c).isPresent());
            assertThat(deletedPromotions()).noneMatch(key -> key.startsWith("DROP-"));
        }
    }

    @Nested
    class Nonsense {

        @Test
        void anEmptyEcomListConfirmsNoUnansweredCreateSoItsReplayCreatesNothingTwice() throws Exception {
            // every ecom call answered 200 []: the bulk create is applied but lists nothing, the polls list nothing
            faults.set("ecom", fault(Mode.NONSENSE, "empty-list", CARDS));
            Map<String, String> events = publishCards(numbers(8, 2), "1.00");
            List<JsonNode> parked = settledCards(events);
            assertThat(parked).hasSize(2);
            long polls = calls.count("ecom", "GET", CARDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> calls.count("ecom", "GET", CARDS) >= polls + 2);

            // from the replay's first call on, ecom answers in earnest and takes even a repeated create
            calls.changeFaultAt("ecom", "POST", BULK_CREATE, 1, fault(Mode.DUPLICATES_ACCEPTED, null, BULK_CREATE));
            calls.changeFaultAt("ecom", "PUT", BULK_UPDATE, 1, fault(Mode.DUPLICATES_ACCEPTED, null, BULK_CREATE));
            replayAll(parked);
            await().atMost(Duration.ofSeconds(60)).until(() -> parked.stream().noneMatch(l -> "replaying".equals(statusOf(l))));
            faults.clear("ecom");
            // a replay that waited for a poll in vain is back in the queue: once ecom lists again, it goes through
            replayAndAwaitDelivered(parked.stream().filter(l -> "waiting".equals(statusOf(l))).toList());

            assertThat(events.keySet()).allSatisfy(n -> assertThat(ecom.findAllByCode(n)).as(n).hasSize(1));
        }

        @Test
        void anEcomListThatMakesNoSenseLosesNoCard() throws Exception {
            Map<String, String> events = publishCards(numbers(9, 2), "1.00");
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveryLog.delivered("ecom", events.values()).size() == 2);
            String madeMeanwhile = numbers(9, 3).get(2);
            for (String variant : Mode.NONSENSE.variants()) {
                long polls = calls.count("ecom", "GET", CARDS);
                faults.set("ecom", fault(Mode.NONSENSE, variant, CARDS));
                if (variant.equals("empty-list")) {
                    createEcomCard(madeMeanwhile); // someone else's card, made while ecom's lists make no sense
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> calls.count("ecom", "GET", CARDS) >= polls + 2);
                assertThat(events.keySet()).as(variant).allSatisfy(n -> assertThat(refAt("ecom", "card", n)).as(n).isNotEmpty());
            }
            faults.clear("ecom");
            await().atMost(Duration.ofSeconds(30)).until(() -> store.find("card", madeMeanwhile).isPresent());
            assertThat(events.keySet()).allSatisfy(n -> assertThat(ecom.findAllByCode(n)).as(n).hasSize(1));
            assertThat(deadLetterSubjects("ecom")).doesNotContainAnyElementsOf(events.keySet());
        }

        @ParameterizedTest
        @ValueSource(strings = {"empty-object", "empty-list", "truncated"})
        void aCodesCreateAnsweredWithNonsenseIsParkedNotSentAgainAndItsReplayUpdatesTheCodeItMade(String variant) throws Exception {
            String code = "NONSENSE-" + variant.toUpperCase();
            faults.set("codes", fault(Mode.NONSENSE, variant, CODES));
            // a second create would be answered in earnest (and refused, the Code being taken)
            calls.changeFaultAt("codes", "POST", CODES, 2, null);
            String event = publishPromotion(code, "10.00");

            await().atMost(Duration.ofSeconds(30)).until(() -> letterOf("codes", code) != null
                    || deliveryLog.delivered("codes", List.of(event)).size() == 1);
            assertThat(codes.findByCode(code)).as("applied").isPresent();
            assertThat(calls.count("codes", "POST", CODES, code)).as("creates sent").isOne();
            JsonNode letter = letterOf("codes", code);
            assertThat(letter).as("an answer the hub cannot read is parked, not retried").isNotNull();

            faults.clear("codes");
            replayAndAwaitDelivered(List.of(letter));
            assertThat(calls.count("codes", "POST", CODES, code)).as("creates sent").isOne();
            assertThat(refAt("codes", "promotion", code)).isEqualTo(String.valueOf(codes.findByCode(code).orElseThrow().id()));
        }
    }

    @Nested
    class SlowDrip {

        @Test
        void aCodesListTricklingWithinTheReadTimeoutIsReadWhole() {
            faults.set("codes", new SandboxFault(null, null, null, null, null, Mode.SLOW_DRIP, null, CODES, 2000L));
            OffsetDateTime completed = lastCompleteCodesPollOnceFaulted();
            createCode("DRIP-IN-TIME", 5); // the test's own call trickles too

            await().atMost(Duration.ofSeconds(30)).until(() -> store.find("promotion", "DRIP-IN-TIME").isPresent()
                    && pollCompletedAt("codes", "promotion").isAfter(completed));
        }

        @Test
        void aCodesListTricklingPastTheReadTimeoutFailsThePollAndDeletesNothing() {
            createCode("DRIP-KNOWN", 5);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.find("promotion", "DRIP-KNOWN").isPresent());
            // pieces 5 s apart: longer than the hub waits for the next bytes (read-timeout 3 s)
            faults.set("codes", new SandboxFault(null, null, null, null, null, Mode.SLOW_DRIP, null, CODES, 50_000L));
            OffsetDateTime completed = lastCompleteCodesPollOnceFaulted();
            long before = calls.count("codes", "GET", CODES);

            await().atMost(Duration.ofSeconds(30)).until(() -> calls.count("codes", "GET", CODES) >= before + 2);
            assertThat(pollCompletedAt("codes", "promotion")).as("no poll completed").isEqualTo(completed);
            assertThat(store.find("promotion", "DRIP-KNOWN")).isPresent();
            faults.clear("codes");
            createCode("DRIP-AFTER", 5);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.find("promotion", "DRIP-AFTER").isPresent());
            assertThat(store.find("promotion", "DRIP-KNOWN")).isPresent();
            assertThat(deletedPromotions()).doesNotContain("DRIP-KNOWN");
        }

        @Test
        void anUpdateTricklingWithinTheReadTimeoutIsDeliveredOnce() throws Exception {
            long id = deliveredCode("DRIP-UPDATE-1");
            faults.set("codes", new SandboxFault(null, null, null, null, null, Mode.SLOW_DRIP, null, CODES + "/" + id, 2000L));
            long puts = calls.count("codes", "PUT", CODES + "/" + id);

            String event = publishPromotion("DRIP-UPDATE-1", "20.00");
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveryLog.delivered("codes", List.of(event)).size() == 1);
            assertThat(codes.findByCode("DRIP-UPDATE-1").orElseThrow().amount()).isEqualByComparingTo("20");
            assertThat(calls.count("codes", "PUT", CODES + "/" + id)).isEqualTo(puts + 1);
        }

        @Test
        void anUpdateTricklingPastTheReadTimeoutIsRetriedUntilAnsweredAndAppliedOnce() throws Exception {
            long id = deliveredCode("DRIP-UPDATE-2");
            faults.set("codes", new SandboxFault(null, null, null, null, null, Mode.SLOW_DRIP, null, CODES + "/" + id, 50_000L));
            // pieces 5 s apart, past the read timeout; the repeat is answered at once
            calls.changeFaultAt("codes", "PUT", CODES + "/" + id, 2, null);
            long puts = calls.count("codes", "PUT", CODES + "/" + id);

            String event = publishPromotion("DRIP-UPDATE-2", "30.00");
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveryLog.delivered("codes", List.of(event)).size() == 1);
            assertThat(calls.count("codes", "PUT", CODES + "/" + id)).as("timed out once, then sent again").isEqualTo(puts + 2);
            assertThat(codes.findByCode("DRIP-UPDATE-2").orElseThrow().amount()).isEqualByComparingTo("30");
            assertThat(codes.findByCode("DRIP-UPDATE-2").orElseThrow().id()).isEqualTo(id);
            assertThat(letterOf("codes", "DRIP-UPDATE-2")).isNull();
        }
    }

    @Nested
    class AppliedNoAnswer {

        @ParameterizedTest
        @ValueSource(strings = {"hang", "reset"})
        void aCodesCreateAppliedWithoutAnAnswerLeavesTheCodeOnceAndTheHubKnowingIt(String variant) throws Exception {
            String code = "LOST-" + variant.toUpperCase();
            faults.set("codes", fault(Mode.APPLIED_NO_ANSWER, variant, CODES));
            String event = publishPromotion(code, "10.00");
            // the create took effect and its answer was lost; then codes answers again, its list too
            await().atMost(Duration.ofSeconds(30)).until(() -> codes.findByCode(code).isPresent());
            faults.clear("codes");

            await().atMost(Duration.ofSeconds(60)).until(() -> deliveryLog.delivered("codes", List.of(event)).size() == 1
                    || letterOf("codes", code) != null);
            assertThat(codes.findByCode(code)).isPresent();
            assertThat(calls.count("codes", "POST", CODES, code)).as("the create is not sent again while it may have been applied").isOne();
            JsonNode letter = letterOf("codes", code);
            if (letter != null) {
                assertThat(letter.path("errorMessage").asText()).as("parked only as of unknown outcome").containsIgnoringCase("unknown");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> refAt("codes", "promotion", code)
                    .equals(String.valueOf(codes.findByCode(code).orElseThrow().id())));
        }

        @ParameterizedTest
        @ValueSource(strings = {"hang", "reset"})
        void aPromoAttachAppliedWithoutAnAnswerIsAttachedOnceOrParkedAsUnknown(String variant) throws Exception {
            long program = "hang".equals(variant) ? 781 : 782;
            for (String code : List.of(program + "-A", program + "-B")) {
                promo.add(new PromoCodeBook.PromoCode(code, program, false, Set.of()));
            }
            faults.set("promo", fault(Mode.APPLIED_NO_ANSWER, variant, ATTACH));
            calls.changeFaultAt("promo", "POST", ATTACH, 2, null);
            ResponseEntity<String> accepted = assign(program, "p-1001");
            assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            String event = json.readTree(accepted.getBody()).path("eventId").asText();

            await().atMost(Duration.ofSeconds(60)).until(() -> deliveryLog.delivered("promo", List.of(event)).size() == 1
                    || letterWithEvent("promo", event) != null);
            List<String> attached = promo.codesOf("p-1001").stream().filter(c -> c.startsWith(program + "-")).toList();
            assertThat(attached).as("never attached twice").hasSizeLessThanOrEqualTo(1);
            JsonNode letter = letterWithEvent("promo", event);
            if (letter == null) {
                assertThat(attached).hasSize(1);
            } else {
                assertThat(letter.path("errorMessage").asText()).containsIgnoringCase("unknown");
            }
        }
    }

    @Nested
    class AppliedNoAnswerToAnUpdate {

        @Test
        void aBulkUpdateWhoseAnswerBreaksOffIsRetriedUnderEcomsSettingsAndThenParkedForEcom() throws Exception {
            List<String> numbers = numbers(10, 2);
            Map<String, String> created = publishCards(numbers, "1.00");
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveryLog.delivered("ecom", created.values()).size() == numbers.size());
            faults.set("ecom", fault(Mode.APPLIED_NO_ANSWER, "reset", BULK_UPDATE));

            Map<String, String> updates = publishCards(numbers, "5.00");
            await().atMost(Duration.ofSeconds(60)).until(() -> updates.values().stream().allMatch(e -> letterWithEvent("ecom", e) != null));
            // an update is safe to repeat: sent again up to hub.systems.ecom.retry.max-attempts (30 in the tests)
            assertThat(updates.values()).allSatisfy(e -> assertThat(letterWithEvent("ecom", e).path("attempts").asInt()).isEqualTo(30));
            assertThat(numbers).allSatisfy(n -> {
                assertThat(calls.count("ecom", "PUT", BULK_UPDATE, n)).as("updates of %s sent", n).isEqualTo(30);
                assertThat(ecom.findAllByCode(n)).as(n).hasSize(1);
            });

            faults.clear("ecom");
            replayAndAwaitDelivered(updates.values().stream().map(e -> letterWithEvent("ecom", e)).toList());
            assertThat(numbers).allSatisfy(n -> assertThat(ecom.findByCode(n).orElseThrow().accumulatedAmount()).isEqualByComparingTo("5.00"));
        }
    }

    // ---- fixtures

    private static SandboxFault fault(Mode mode, String variant, String path) {
        return new SandboxFault(null, null, null, null, null, mode, variant, path, null);
    }

    /** Card numbers of one test: 78, the test's number, the card's. */
    private static List<String> numbers(int test, int count) {
        return IntStream.range(0, count).mapToObj(i -> "78%02d%09d".formatted(test, i)).toList();
    }

    /** Publishes a card.upserted from crm per number; its event id by number. */
    private Map<String, String> publishCards(List<String> numbers, String amount) {
        Map<String, String> events = new LinkedHashMap<>();
        for (String number : numbers) {
            events.put(number, HubTestSupport.publish(kafka, topics.forEntity("card"), "crm", "card.upserted", number,
                    HubTestSupport.card(number, "B-" + number, "Fault", amount)));
        }
        return events;
    }

    private String publishPromotion(String code, String amount) {
        return HubTestSupport.publish(kafka, topics.forEntity("promotion"), "crm", "promotion.upserted", code, """
                {"code": "%s", "kind": "fixed", "amount": "%s", "currency": "MDL", "enabled": true}""".formatted(code, amount));
    }

    /** A code created at codes from a promotion of another system, the hub knowing its Id; that Id. */
    private long deliveredCode(String code) {
        String event = publishPromotion(code, "10.00");
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveryLog.delivered("codes", List.of(event)).size() == 1);
        return codes.findByCode(code).orElseThrow().id();
    }

    /** A code made at the vendor by someone else (the test's own call, not the hub's). */
    private void createCode(String code, int amount) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> created = http.postForEntity("/sandbox/codes" + CODES, new HttpEntity<>("""
                {"Code": "%s", "Type": "Fixed", "Amount": %d, "Currency": "MDL", "Enabled": true}""".formatted(code, amount), headers),
                String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    /** A card made at ecom by someone else (the test's own call, not the hub's). */
    private void createEcomCard(String number) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> created = http.postForEntity("/sandbox/ecom" + BULK_CREATE, new HttpEntity<>("""
                [{"code": "%s", "barcode": "B-%s", "first_name": "Meanwhile"}]""".formatted(number, number), headers), String.class);
        assertThat(created.getStatusCode().is2xxSuccessful()).as(created.getBody()).isTrue();
    }

    private ResponseEntity<String> assign(long program, String profileId) {
        return HubTestSupport.assignPromo(http, program, profileId);
    }

    /**
     * Waits until each card's event is either delivered or parked, and checks the parked ones: at least one (the
     * answer left it out), each of unknown outcome and not marked delivered. Returns them.
     */
    private List<JsonNode> settledCards(Map<String, String> events) {
        await().atMost(Duration.ofSeconds(60)).until(() -> events.entrySet().stream()
                .allMatch(e -> deliveryLog.delivered("ecom", List.of(e.getValue())).size() == 1 || letterWithEvent("ecom", e.getValue()) != null));
        List<JsonNode> parked = events.values().stream().map(event -> letterWithEvent("ecom", event)).filter(l -> l != null).toList();
        assertThat(parked).as("cards the answer did not list").isNotEmpty().allSatisfy(letter -> {
            assertThat(letter.path("errorMessage").asText()).contains("did not list").containsIgnoringCase("unknown");
            assertThat(letter.path("outcomeUnknown").asBoolean()).as("kept out of replay-all").isTrue();
            assertThat(deliveryLog.delivered("ecom", List.of(letter.path("eventId").asText()))).as("not marked delivered").isEmpty();
        });
        return parked;
    }

    private void replayAll(List<JsonNode> letters) {
        for (JsonNode letter : letters) {
            ResponseEntity<String> replay = ops().postForEntity("/ops/api/dead-letters/" + letter.path("id").asLong() + "/replay", null,
                    String.class);
            assertThat(replay.getStatusCode()).as(replay.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        }
    }

    private void replayAndAwaitDelivered(List<JsonNode> letters) {
        replayAll(letters);
        await().atMost(Duration.ofSeconds(60)).until(() -> letters.stream().allMatch(l -> "delivered".equals(statusOf(l))));
    }

    private String statusOf(JsonNode letter) {
        try {
            return json.readTree(ops().getForObject("/ops/api/dead-letters/" + letter.path("id").asLong(), String.class)).path("status").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The system's waiting dead letters, as the ops API lists them. */
    private List<JsonNode> waitingLetters(String system) {
        try {
            List<JsonNode> letters = new ArrayList<>();
            json.readTree(ops().getForObject("/ops/api/dead-letters?system=" + system + "&size=500", String.class)).path("items")
                    .forEach(letters::add);
            return letters;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode letterOf(String system, String subject) {
        return waitingLetters(system).stream().filter(l -> subject.equals(l.path("subject").asText())).findFirst().orElse(null);
    }

    private JsonNode letterWithEvent(String system, String eventId) {
        return waitingLetters(system).stream().filter(l -> eventId.equals(l.path("eventId").asText())).findFirst().orElse(null);
    }

    private List<String> deadLetterSubjects(String system) {
        return waitingLetters(system).stream().map(l -> l.path("subject").asText()).toList();
    }

    private List<JsonNode> heldDeletions() throws Exception {
        List<JsonNode> holds = new ArrayList<>();
        json.readTree(ops().getForObject("/ops/api/held-deletions", String.class)).forEach(holds::add);
        return holds;
    }

    /** Keys of the promotion.deleted events on Kafka so far. */
    private List<String> deletedPromotions() {
        return HubTestSupport.readUntil(kafka, topics.forEntity("promotion"), records -> false, Duration.ofSeconds(2)).stream()
                .filter(r -> "org.loyaltyhub.promotion.deleted".equals(HubTestSupport.header(r, "ce_type"))).map(ConsumerRecord::key).toList();
    }

    /** The entity's id at the system as the hub's cross references keep it; empty when it has none. */
    private String refAt(String system, String entity, String key) {
        return jdbc.queryForList("SELECT external_id FROM cross_reference WHERE entity = ? AND entity_key = ? AND system = ?",
                String.class, entity, key, system).stream().findFirst().orElse("");
    }

    /** When the last complete poll of the system's entities started; {@link OffsetDateTime#MIN} before the first. */
    private OffsetDateTime pollCompletedAt(String system, String entity) {
        return jdbc.queryForList("SELECT completed_at FROM poll_state WHERE system = ? AND entity = ?", OffsetDateTime.class, system, entity)
                .stream().findFirst().orElse(OffsetDateTime.MIN);
    }

    /**
     * When the last complete codes poll started, read once the codes fault met the hub's list call: polls run one after
     * another, so no poll that began before the fault can complete after this.
     */
    private OffsetDateTime lastCompleteCodesPollOnceFaulted() {
        long before = calls.count("codes", "GET", CODES);
        await().atMost(Duration.ofSeconds(30)).until(() -> calls.count("codes", "GET", CODES) > before);
        return pollCompletedAt("codes", "promotion");
    }

    private TestRestTemplate ops() {
        return HubTestSupport.operator(http);
    }
}
