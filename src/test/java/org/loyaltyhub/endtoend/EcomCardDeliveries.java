package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.HubTestSupport;
import org.loyaltyhub.support.TestInfrastructure;

/** Cards delivered in batches to this JVM's ecom sandbox by child hubs that a test kills: their settings, cards and checks. */
final class EcomCardDeliveries {

    private final EcomCardStore ecom;
    private final String codePrefix;
    private final int cards;

    EcomCardDeliveries(EcomCardStore ecom, String codePrefix, int cards) {
        this.ecom = ecom;
        this.codePrefix = codePrefix;
        this.cards = cards;
    }

    /** Settings of a child hub on its own database and topics, delivering to ecom at this port in batches of 50, retrying long. */
    static Map<String, String> hubSettings(String prefix, int sandboxPort) {
        Map<String, String> hub = HubApplications.onSharedInfrastructure(TestInfrastructure.get().newDatabase(), prefix);
        hub.put("hub.systems.ecom.base-url", "http://127.0.0.1:" + sandboxPort + "/sandbox/ecom");
        hub.put("hub.systems.ecom.poll-interval", "1s");
        hub.put("hub.systems.ecom.batch.size", "50");
        hub.put("hub.systems.ecom.batch.timeout", "200");
        hub.put("hub.systems.ecom.retry.max-attempts", "40");
        hub.put("hub.systems.ecom.retry.initial-delay", "50ms");
        hub.put("hub.systems.ecom.retry.max-delay", "500ms");
        return hub;
    }

    /** Publishes every card, as the point of sale's, to the hub's cards topic. */
    void publish(String prefix) {
        List<String> json = new ArrayList<>();
        IntStream.range(0, cards).forEach(i -> json.add(HubTestSupport.card(code(i), "B" + codePrefix + "-" + i, "Card" + i, "1.00")));
        HubTestSupport.publishCards(TestInfrastructure.get().bootstrapServers(), prefix + "cards", "spi", json,
                card -> card.substring(card.indexOf("\"number\":\"") + 10, card.indexOf("\"", card.indexOf("\"number\":\"") + 10)));
    }

    long arrived() {
        return IntStream.range(0, cards).filter(i -> ecom.findByCode(code(i)).isPresent()).count();
    }

    void assertEachCreatedOnce() {
        IntStream.range(0, cards).forEach(i -> {
            assertThat(ecom.findAllByCode(code(i))).as("card %s", code(i)).hasSize(1);
            assertThat(ecom.writesFor(code(i), EcomCardStore.CREATE)).as("creates of %s", code(i)).isEqualTo(1);
        });
    }

    private String code(int i) {
        return codePrefix + "%011d".formatted(i);
    }
}
