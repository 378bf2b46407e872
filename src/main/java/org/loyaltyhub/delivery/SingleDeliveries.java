package org.loyaltyhub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.loyaltyhub.mapping.MappingEngine;
import org.loyaltyhub.reliability.DeliveryLog;
import org.loyaltyhub.reliability.ErrorPolicy;
import org.loyaltyhub.store.CanonicalStore;
import org.springframework.stereotype.Component;

/**
 * The steps of a one-event-one-call delivery, used by the {@code http-sink} route template: remember the
 * event (before the vendor call replaces the message), skip it when the target already has it, and record
 * the delivery once the vendor accepted it.
 */
@Component("singleDeliveries")
public class SingleDeliveries {

    /** Exchange property holding the event being delivered ({@link DeliveryItem}). */
    public static final String ITEM = "hubDeliveryItem";
    /** Exchange property: true when the target already received this event (a redelivered record, a replay). */
    public static final String ALREADY_DELIVERED = "hubAlreadyDelivered";

    private final DeliveryLog deliveryLog;
    private final DeliveryRecords records;
    private final MappingEngine mappings;
    private final CanonicalStore store;

    public SingleDeliveries(DeliveryLog deliveryLog, DeliveryRecords records, MappingEngine mappings, CanonicalStore store) {
        this.deliveryLog = deliveryLog;
        this.records = records;
        this.mappings = mappings;
        this.store = store;
    }

    /** Keeps the event's identity and body as a property and notes whether the target already has it. */
    public void prepare(Exchange exchange) {
        HashMap<String, String> item = DeliveryItem.of(exchange);
        String target = ErrorPolicy.targetOf(exchange);
        String eventId = item.get(DeliveryItem.EVENT_ID);
        boolean delivered = eventId != null && !deliveryLog.delivered(target, List.of(eventId)).isEmpty();
        exchange.setProperty(ITEM, item);
        exchange.setProperty(ALREADY_DELIVERED, delivered);
    }

    /**
     * After the vendor accepted the event: the event counts as delivered, a replayed dead letter is done,
     * and, when the template names an answer mapping, what the vendor answered becomes what the hub knows
     * it holds (its id into cross references, its content into change detection), so the vendor sending the
     * same card back later is not news.
     */
    @SuppressWarnings("unchecked")
    public void delivered(String entity, String answerMappingId, Exchange exchange) {
        String target = ErrorPolicy.targetOf(exchange);
        Map<String, String> item = exchange.getProperty(ITEM, Map.class);
        String eventId = item.get(DeliveryItem.EVENT_ID);
        String deadLetterId = item.get(DeliveryItem.DEAD_LETTER_ID);
        JsonNode answer = readsAnswer(answerMappingId) ? answerOf(answerMappingId, exchange) : null;
        records.delivered(target, eventId == null ? List.of() : List.of(eventId), deadLetterId == null ? List.of() : List.of(deadLetterId), 1,
                () -> {
                    if (answer != null) {
                        store.recordDelivered(target, entity, mappings.apply(answerMappingId, answer, Map.of()));
                    }
                });
    }

    /** The template's answerMapping defaults to empty: the vendor's answer is not read. */
    private static boolean readsAnswer(String answerMappingId) {
        return answerMappingId != null && !answerMappingId.isBlank();
    }

    private JsonNode answerOf(String answerMappingId, Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        if (body == null || body.isBlank()) {
            return null;
        }
        return mappings.readTree(answerMappingId, body);
    }
}
