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

    /**
     * Where the cards that have not reached ecom are in the hub's database: what a failure needs to say (the hubs run in
     * other JVMs, and their logs show only warnings).
     */
    String whereTheMissingAre(String database) {
        List<String> missing = IntStream.range(0, cards).mapToObj(this::code).filter(code -> ecom.findByCode(code).isEmpty()).toList();
        if (missing.isEmpty()) {
            return "none missing";
        }
        StringBuilder where = new StringBuilder(missing.size() + " missing, e.g. " + missing.subList(0, Math.min(5, missing.size())));
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(database, "postgres", "")) {
            for (String query : List.of("SELECT count(*) FROM delivery_batch", "SELECT count(*) FROM delivery_batch_completed",
                    "SELECT count(*) FROM parked_delivery", "SELECT count(*) FROM dead_letter",
                    "SELECT count(*) FROM create_in_flight WHERE entity_key = ANY(?)", "SELECT count(*) FROM cross_reference WHERE system = 'ecom' AND entity_key = ANY(?)",
                    "SELECT count(*) FROM canonical_entity WHERE entity_key = ANY(?)", "SELECT max(completed_at)::text FROM poll_state")) {
                try (java.sql.PreparedStatement statement = db.prepareStatement(query)) {
                    if (query.contains("?")) {
                        statement.setArray(1, db.createArrayOf("text", missing.toArray()));
                    }
                    try (java.sql.ResultSet row = statement.executeQuery()) {
                        row.next();
                        where.append("; ").append(query.replace("SELECT ", "").replace(" = ANY(?)", " of the missing")).append(": ").append(row.getString(1));
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            where.append("; the hub's database could not be read: ").append(e.getMessage());
        }
        return where.toString();
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
