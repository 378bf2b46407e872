package org.loyaltyhub.delivery;

import org.loyaltyhub.exchange.DeliveryItem;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.mapping.MappingEngine;
import org.loyaltyhub.operations.OperationPlans;
import org.loyaltyhub.reliability.DeliveryLog;
import org.loyaltyhub.reliability.ErrorPolicy;
import org.loyaltyhub.reliability.ParkedDeliveries;
import org.loyaltyhub.store.CanonicalStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bookkeeping of a one-event delivery, used by the {@code http-calls-sink} route
 * templates around the vendor calls ({@link VendorCalls}): remember the event (before a vendor call replaces
 * the message), skip it when the target already has it, and record the delivery once the vendor accepted it.
 */
@Component("singleDeliveries")
public class SingleDeliveries {

    private static final Logger log = LoggerFactory.getLogger(SingleDeliveries.class);
    private static final java.util.regex.Pattern DIRECT = java.util.regex.Pattern.compile("^direct:(//)?");

    /** Exchange property: true when the target already received this event (a redelivered record, a replay). */
    public static final String ALREADY_DELIVERED = "hubAlreadyDelivered";
    /** Exchange property: true when the event joined its key's parked queue, to be delivered after the events before it. */
    public static final String QUEUED = "hubQueuedBehindParked";
    /** Exchange variable holding the event's canonical entity while the calls work on a related one. */
    public static final String EVENT = "hubEvent";

    private final DeliveryLog deliveryLog;
    private final DeliveryRecords records;
    private final MappingEngine mappings;
    private final CanonicalStore store;
    private final OperationPlans plans;
    private final UnconfirmedCreates unconfirmedCreates;
    private final ParkedDeliveries parking;

    public SingleDeliveries(DeliveryLog deliveryLog, DeliveryRecords records, MappingEngine mappings, CanonicalStore store,
            OperationPlans plans, UnconfirmedCreates unconfirmedCreates, ParkedDeliveries parking) {
        this.parking = parking;
        this.deliveryLog = deliveryLog;
        this.records = records;
        this.mappings = mappings;
        this.store = store;
        this.plans = plans;
        this.unconfirmedCreates = unconfirmedCreates;
    }

    /**
     * Keeps the event's identity and body as a property and notes whether the target already has it, or whether it
     * must queue behind parked deliveries of its key ({@link ParkedDeliveries}); a delivery of an event with a key may
     * park it, except an operator's replay of a dead letter (it goes back to its letter).
     */
    public void prepare(Exchange exchange) {
        HashMap<String, String> item = itemOfThisRoute(exchange);
        String target = ErrorPolicy.targetOf(exchange);
        String eventId = item.get(DeliveryItem.EVENT_ID);
        boolean delivered = eventId != null && !deliveryLog.delivered(target, List.of(eventId)).isEmpty();
        boolean queued = !delivered && exchange.getProperty(ParkedDeliveries.PARKED_ID) == null && parking.queueBehind(target, item);
        exchange.setProperty(DeliveryItem.PROPERTY, item);
        exchange.setProperty(ALREADY_DELIVERED, delivered);
        exchange.setProperty(QUEUED, queued);
        exchange.setProperty(ParkedDeliveries.PARKABLE, !delivered && !queued && mayPark(item));
    }

    /** The event as a delivery item that comes back to this route's endpoint when parked (a recipient list may name several). */
    static HashMap<String, String> itemOfThisRoute(Exchange exchange) {
        HashMap<String, String> item = DeliveryItem.of(exchange);
        item.put(DeliveryItem.DELIVER_TO, DIRECT.matcher(exchange.getUnitOfWork().getRoute().getEndpoint().getEndpointBaseUri()).replaceFirst(""));
        return item;
    }

    /** A delivery of an event with a key may park it, except an operator's replay of a dead letter (it goes back to its letter). */
    static boolean mayPark(Map<String, String> item) {
        return item.get(DeliveryItem.EVENT_ID) != null && item.get(DeliveryItem.SUBJECT) != null && item.get(DeliveryItem.DEAD_LETTER_ID) == null;
    }

    /**
     * For calls that work on an entity related to the event (a transaction's card): the stored entity named
     * by {@code spec} ({@code card:cardNumber}) becomes the body, the event's own entity stays in the
     * variable {@link #EVENT}. An empty spec leaves the event's entity. A related entity the hub does not
     * hold is a permanent failure: the event is dead-lettered and can be replayed once the entity exists.
     */
    public void related(String spec, Exchange exchange) {
        if (spec == null || spec.isBlank()) {
            return;
        }
        String entity = spec.substring(0, spec.indexOf(':'));
        String keyField = spec.substring(spec.indexOf(':') + 1);
        JsonNode event = mappings.readTree(entity, exchange.getMessage().getBody(String.class));
        String key = event.path(keyField).asText(null);
        if (key == null) {
            throw new IllegalArgumentException("the event has no " + keyField + " naming its " + entity);
        }
        JsonNode related = store.find(entity, key)
                .orElseThrow(() -> new IllegalArgumentException("the " + entity + " " + keyField + " names is not known to the hub"));
        exchange.setVariable(EVENT, event);
        exchange.getMessage().setBody(related);
    }

    /**
     * After the vendor accepted the event (every call of it): the event counts as delivered, a replayed dead
     * letter is done, and an operation planned for it (a wallet card operation) is recorded as applied, in one
     * database transaction.
     */
    @SuppressWarnings("unchecked")
    public void delivered(Exchange exchange) {
        String target = ErrorPolicy.targetOf(exchange);
        Map<String, String> item = exchange.getProperty(DeliveryItem.PROPERTY, Map.class);
        String eventId = item.get(DeliveryItem.EVENT_ID);
        String deadLetterId = item.get(DeliveryItem.DEAD_LETTER_ID);
        records.delivered(target, eventId == null ? List.of() : List.of(eventId), deadLetterId == null ? List.of() : List.of(deadLetterId), 1,
                () -> {
                    plans.recordApplied(exchange);
                    unconfirmedCreates.clearDelivered(exchange);
                });
        // the event id, not the subject: a subject can be a card number, which never goes into a log
        log.info("{} took {} {}", target, String.valueOf(item.get(DeliveryItem.TYPE)).replace(CloudEvent.TYPE_PREFIX, ""), eventId);
    }
}
