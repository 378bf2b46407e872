package org.loyaltyhub.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.exchange.DeliveryItem;
import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.mapping.MappingFixtures;
import org.loyaltyhub.reliability.ErrorPolicy;
import org.loyaltyhub.systems.SystemRegistry;
import org.loyaltyhub.systems.SystemSettings;

class SubscriptionsTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CARD_UPSERTED = CloudEvent.TYPE_PREFIX + "card.upserted";
    private static final SystemRegistry SYSTEMS = new SystemRegistry(Map.of("ecom", system("ecom"), "pos", system("pos")));

    private static final String VALID = """
            subscriptions:
              - id: cards-to-pos
                on: card.upserted
                to: pos
                deliver: pos-card-sink
                when: "$exists(barcode)"
              - id: cards-to-ecom
                on: card.upserted
                to: ecom
                deliver: ecom-card-sink
                description: every card
              - id: active-cards-to-pos
                on: card.upserted
                to: pos
                deliver: pos-active-card-sink
                when: active = true
              - id: sales-to-pos
                on: transaction.sale
                to: pos
                deliver: pos-sale-sink
            """;

    @TempDir
    Path temp;

    private static SystemSettings system(String name) {
        return org.loyaltyhub.support.TestSystems.system(name);
    }

    private Subscriptions load(String yaml) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("mappings"));
        Files.writeString(folder.resolve("subscriptions.yaml"), yaml);
        return new Subscriptions(folder, SYSTEMS, JSON);
    }

    @Test
    void aValidFileLoadsEverySubscription() throws IOException {
        Subscriptions subscriptions = load(VALID);

        assertThat(subscriptions.all()).extracting(Subscription::id)
                .containsExactly("cards-to-pos", "cards-to-ecom", "active-cards-to-pos", "sales-to-pos");
        assertThat(subscriptions.all().get(0)).satisfies(s -> {
            assertThat(s.type()).isEqualTo(CARD_UPSERTED);
            assertThat(s.target()).isEqualTo("pos");
            assertThat(s.deliver()).isEqualTo("pos-card-sink");
            assertThat(s.condition()).isEqualTo("$exists(barcode)");
            assertThat(s.location()).isEqualTo("mappings/subscriptions.yaml:2");
        });
        assertThat(subscriptions.all().get(1).compiledCondition()).isNull();
        assertThat(subscriptions.targets()).containsExactlyInAnyOrder("pos", "ecom");
    }

    @Test
    void reloadSwapsInTheNewListAndAnInvalidFileKeepsTheRunningOne() throws IOException {
        Subscriptions subscriptions = load(VALID);
        Path file = temp.resolve("mappings/subscriptions.yaml");

        Files.writeString(file, VALID + """
                  - id: deleted-cards-to-pos
                    on: card.deleted
                    to: pos
                    deliver: pos-card-delete
                """);
        List<Subscription> previous = subscriptions.reload();
        assertThat(previous).hasSize(4);
        assertThat(subscriptions.all()).extracting(Subscription::id).endsWith("deleted-cards-to-pos");

        Files.writeString(file, VALID + """
                  - id: to-nowhere
                    on: card.deleted
                    to: nowhere
                    deliver: nowhere-sink
                """);
        assertThatThrownBy(subscriptions::reload).isInstanceOf(SubscriptionException.class)
                .hasMessageContaining("mappings/subscriptions.yaml:21: unknown system 'nowhere'");
        assertThat(subscriptions.all()).hasSize(5);
    }

    @Test
    void aMissingOrEmptyFileMeansNoSubscriptions() throws IOException {
        assertThat(new Subscriptions(temp, SYSTEMS, JSON).all()).isEmpty();
        assertThat(load("").all()).isEmpty();
    }

    @Test
    void anUnknownSystemIsRefusedWithItsLine() {
        assertRefused("""
                subscriptions:
                  - id: cards-to-ecom
                    on: card.upserted
                    to: ecom
                    deliver: ecom-card-sink
                  - id: cards-to-crm
                    on: card.upserted
                    to: crm
                    deliver: crm-card-sink
                """, "mappings/subscriptions.yaml:6: unknown system 'crm'");
    }

    @Test
    void anUnknownEventTypeIsRefusedWithItsLine() {
        assertRefused("""
                subscriptions:
                  - id: created
                    on: card.created
                    to: pos
                    deliver: pos-card-sink
                  - id: customers
                    on: customer.upserted
                    to: pos
                    deliver: pos-customer-sink
                  - id: no-verb
                    on: card
                    to: pos
                    deliver: pos-card-sink
                """, "mappings/subscriptions.yaml:2: unknown event type 'card.created'",
                "mappings/subscriptions.yaml:6: unknown event type 'customer.upserted'",
                "mappings/subscriptions.yaml:10: unknown event type 'card'");
    }

    @Test
    void aMissingRequiredKeyIsRefusedWithItsLine() {
        assertRefused("""
                subscriptions:
                  - id: cards-to-pos
                    on: card.upserted
                    to: pos
                    deliver: pos-card-sink
                  - id: no-delivery
                    on: card.upserted
                    to: pos
                """, "mappings/subscriptions.yaml:6: id, on, to and deliver are required");
    }

    @Test
    void anUnknownKeyIsRefusedWithItsLine() {
        assertRefused("""
                subscriptions:
                  - id: cards-to-pos
                    on: card.upserted
                    to: pos
                    deliver: pos-card-sink
                    wen: "$exists(barcode)"
                """, "mappings/subscriptions.yaml:2: unknown key 'wen'");
    }

    @Test
    void aDuplicateIdIsRefusedWithTheLineOfTheSecond() {
        assertRefused("""
                subscriptions:
                  - id: cards
                    on: card.upserted
                    to: pos
                    deliver: pos-card-sink
                  - id: cards
                    on: card.deleted
                    to: pos
                    deliver: pos-card-sink
                """, "mappings/subscriptions.yaml:6: duplicate subscription id 'cards'");
    }

    @Test
    void aConditionThatDoesNotCompileIsRefusedWithItsLine() {
        assertRefused("""
                subscriptions:
                  - id: cards-to-pos
                    on: card.upserted
                    to: pos
                    deliver: pos-card-sink
                    when: "$exists(barcode"
                """, "mappings/subscriptions.yaml:2: condition does not compile");
    }

    /** Subscriptions.scalars() drops keys whose value is not a scalar: the subscription then delivers every event. */
    @Test
    void aConditionOrKeyThatIsNotAStringIsRefused() {
        assertRefused("""
                subscriptions:
                  - id: cards-to-pos
                    on: card.upserted
                    to: pos
                    deliver: pos-card-sink
                    when:
                      - "$exists(barcode)"
                    filter:
                      barcode: required
                """, "mappings/subscriptions.yaml:2: ", "when", "filter");
    }

    @Test
    void everyProblemOfTheFileIsReportedAtOnce() {
        assertRefused("""
                subscriptions:
                  - id: a
                    on: card.upserted
                    to: crm
                    deliver: crm-card-sink
                  - id: b
                    on: card.exploded
                    to: pos
                    deliver: pos-card-sink
                    when: "("
                """, "subscriptions.yaml:2: unknown system 'crm'", "subscriptions.yaml:6: unknown event type 'card.exploded'",
                "subscriptions.yaml:6: condition does not compile");
    }

    @Test
    void aFileWithoutTheListOrNotYamlIsRefused() {
        assertRefused("cards: []\n", "mappings/subscriptions.yaml:1: expected a 'subscriptions:' list");
        assertRefused("subscriptions:\n  - id: a\n    - on\n", "subscriptions.yaml: not valid YAML");
        assertRefused("subscriptions:\n  - just a string\n", "mappings/subscriptions.yaml:2: a subscription is a mapping");
    }

    @Test
    void deliversToTheSubscriptionsOfTheTargetThatTakeTheType() throws IOException {
        Subscriptions subscriptions = load(VALID);
        String card = "{\"number\": \"1\", \"barcode\": \"B1\", \"active\": true}";

        assertThat(subscriptions.deliverTo("pos", CARD_UPSERTED, "ecom", card))
                .containsExactly("direct:pos-card-sink", "direct:pos-active-card-sink");
        assertThat(subscriptions.deliverTo("pos", CloudEvent.TYPE_PREFIX + "transaction.sale", "ecom", "{}"))
                .containsExactly("direct:pos-sale-sink");
        assertThat(subscriptions.deliverTo("pos", CloudEvent.TYPE_PREFIX + "card.deleted", "ecom", card)).isEmpty();
        assertThat(subscriptions.deliverTo("pos", "card.upserted", "ecom", card)).as("type without the CloudEvent prefix").isEmpty();
        assertThat(subscriptions.deliverTo(null, CARD_UPSERTED, "ecom", card)).isEmpty();
    }

    @Test
    void theConditionIsEvaluatedOverTheBody() throws IOException {
        Subscriptions subscriptions = load(VALID);

        assertThat(subscriptions.deliverTo("pos", CARD_UPSERTED, "ecom", "{\"number\": \"1\", \"active\": true}"))
                .containsExactly("direct:pos-active-card-sink");
        assertThat(subscriptions.deliverTo("pos", CARD_UPSERTED, "ecom", "{\"number\": \"1\", \"barcode\": \"B\", \"active\": false}"))
                .containsExactly("direct:pos-card-sink");
        assertThat(subscriptions.deliverTo("pos", CARD_UPSERTED, "ecom", "{\"number\": \"1\"}")).isEmpty();
    }

    @Test
    void anEventNeverGoesBackToItsSourceSystem() throws IOException {
        Subscriptions subscriptions = load(VALID);
        String card = "{\"number\": \"1\", \"barcode\": \"B1\", \"active\": true}";

        assertThat(subscriptions.deliverTo("ecom", CARD_UPSERTED, "ecom", card)).isEmpty();
        assertThat(subscriptions.deliverTo("pos", CARD_UPSERTED, "pos", card)).isEmpty();
        assertThat(subscriptions.deliverTo("ecom", CARD_UPSERTED, "pos", card)).containsExactly("direct:ecom-card-sink");
    }

    @Test
    void routeReadsTheCloudEventHeadersAndSetsTheDeliveryRoutes() throws IOException {
        Subscriptions subscriptions = load(VALID);
        Exchange fromEcom = event("ecom", "/systems/pos".getBytes(StandardCharsets.UTF_8));
        Exchange backToPos = event("pos", "/systems/pos");
        backToPos.getMessage().setHeader(DeliveryItem.HEADER_DELIVER_TO, "direct:stale");

        subscriptions.route(fromEcom);
        subscriptions.route(backToPos);

        assertThat(fromEcom.getMessage().getHeader(DeliveryItem.HEADER_DELIVER_TO)).isEqualTo("direct:ecom-card-sink");
        assertThat(backToPos.getMessage().getHeaders()).doesNotContainKey(DeliveryItem.HEADER_DELIVER_TO);
    }

    @Test
    void routeRefusesAnEventWithoutCloudEventHeaders() {
        Exchange exchange = event("pos", "/systems/ecom");
        exchange.getMessage().removeHeader(CloudEvent.HEADER_ID);

        assertThatThrownBy(() -> load(VALID).route(exchange))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a CloudEvent").hasMessageContaining("id");
    }

    @Test
    void theRealSubscriptionsLoadAgainstTheSystemsOfApplicationYaml() throws IOException {
        SystemRegistry systems = MappingFixtures.systemsFromApplicationYaml();
        Subscriptions subscriptions = new Subscriptions(MappingFixtures.MAPPINGS, systems, MappingFixtures.json());

        assertThat(subscriptions.all()).isNotEmpty().extracting(Subscription::id).contains("cards-to-ecom");
        assertThat(subscriptions.targets()).allSatisfy(target -> assertThat(systems.exists(target)).isTrue());
        assertThat(subscriptions.deliverTo("ecom", CARD_UPSERTED, "spi", "{\"number\": \"1\", \"barcode\": \"B\"}"))
                .containsExactly("direct:ecom-card-sink");
        assertThat(subscriptions.deliverTo("ecom", CARD_UPSERTED, "spi", "{\"number\": \"1\"}")).isEmpty();
        assertThat(subscriptions.deliverTo("ecom", CARD_UPSERTED, "ecom", "{\"number\": \"1\", \"barcode\": \"B\"}")).isEmpty();
    }

    private static Exchange event(String target, Object source) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(DeliveryItem.HEADER_TARGET, target);
        exchange.getMessage().setHeader(CloudEvent.HEADER_SPECVERSION, CloudEvent.SPEC_VERSION);
        exchange.getMessage().setHeader(CloudEvent.HEADER_ID, "e-1");
        exchange.getMessage().setHeader(CloudEvent.HEADER_TYPE, CARD_UPSERTED.getBytes(StandardCharsets.UTF_8));
        exchange.getMessage().setHeader(CloudEvent.HEADER_SOURCE, source);
        exchange.getMessage().setHeader(CloudEvent.HEADER_SUBJECT, "1");
        exchange.getMessage().setBody("{\"number\": \"1\", \"barcode\": \"B1\", \"active\": true}");
        return exchange;
    }

    private void assertRefused(String yaml, String... messages) {
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(SubscriptionException.class)
                .hasMessageContainingAll(messages);
    }
}
