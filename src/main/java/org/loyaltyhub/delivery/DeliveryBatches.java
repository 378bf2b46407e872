package org.loyaltyhub.delivery;

import org.loyaltyhub.exchange.DeliveryItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.SynchronizationAdapter;
import org.loyaltyhub.cluster.HubInstance;
import org.loyaltyhub.cluster.LeaderLock;
import org.loyaltyhub.flow.BatchBacklog;
import org.loyaltyhub.mapping.MappingEngine;
import org.loyaltyhub.mapping.MappingStep;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.reliability.DeliveryLog;
import org.loyaltyhub.reliability.ErrorPolicy;
import org.loyaltyhub.reliability.OutcomeUnknownException;
import org.loyaltyhub.reliability.ParkedDeliveries;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.store.CrossReferences;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The steps of a batched (bulk) delivery, used by the {@code batched-http-sink} route template:
 * prepare an event for its target, collect events into batches, drop what was already delivered, map
 * the batch to the vendor's array, and read the vendor's answer back into the store.
 */
@Component("deliveryBatches")
public class DeliveryBatches implements AggregationStrategy {

    /** Exchange property holding the items of the batch being delivered. */
    public static final String ITEMS = "hubBatchItems";
    public static final String OPERATION = "hubOperation";
    /** Exchange property: the batch's event ids by subject, each subject's counted delivered with its item. */
    static final String COVERED = "hubCoveredEvents";
    private static final String DELIVERED_ALONE = "hubDeliveredAlone";

    private final CrossReferences crossReferences;
    private final CanonicalStore store;
    private final DeliveryLog deliveryLog;
    private final DeadLetterStore deadLetters;
    private final MappingEngine mappings;
    private final MappingStep mappingStep;
    private final DeliveryRecords records;
    private final ObjectMapper json;
    private final UnconfirmedCreates unconfirmedCreates;
    private final CurrentStates currentStates;
    private final org.apache.camel.ProducerTemplate producer;
    private final HubInstance instance;
    private final BatchBacklog batchBacklog;
    private final ParkedDeliveries parking;

    public DeliveryBatches(UnconfirmedCreates unconfirmedCreates, CurrentStates currentStates, CrossReferences crossReferences, CanonicalStore store, DeliveryLog deliveryLog,
            DeadLetterStore deadLetters, MappingEngine mappings, MappingStep mappingStep, DeliveryRecords records,
            ObjectMapper json, CamelContext camelContext, SystemRegistry systems,
            PlatformTransactionManager transactions, DataSource dataSource, HubInstance instance, LeaderLock leaderLock,
            BatchBacklog batchBacklog, ParkedDeliveries parking) {
        this.instance = instance;
        this.batchBacklog = batchBacklog;
        this.parking = parking;
        this.unconfirmedCreates = unconfirmedCreates;
        this.currentStates = currentStates;
        this.producer = camelContext.createProducerTemplate();
        this.crossReferences = crossReferences;
        this.store = store;
        this.deliveryLog = deliveryLog;
        this.deadLetters = deadLetters;
        this.mappings = mappings;
        this.mappingStep = mappingStep;
        this.records = records;
        this.json = json;
        // one persistent repository per system, referenced by the templates as #<system>BatchRepository
        for (String system : systems.names()) {
            camelContext.getRegistry().bind(system + "BatchRepository", new SystemBatchRepository(system, instance, leaderLock, transactions, dataSource));
        }
    }

    /**
     * Adds the target's id to the canonical body ({@code refs.<target>}) and decides the operation:
     * {@code update} when the target already has the entity, {@code create} otherwise. As for a one-event delivery, an
     * event whose key has parked deliveries for the target queues behind them ({@link SingleDeliveries#QUEUED}), and
     * one that must wait (for the poll that settles an earlier create of unknown outcome) parks its key rather than
     * hold its consumer ({@link ParkedDeliveries}); once taken into a batch, it is the batch's.
     */
    public void prepare(String entity, Exchange exchange) {
        String target = exchange.getMessage().getHeader(DeliveryItem.HEADER_TARGET, String.class);
        HashMap<String, String> item = SingleDeliveries.itemOfThisRoute(exchange);
        boolean queued = exchange.getProperty(ParkedDeliveries.PARKED_ID) == null && parking.queueBehind(target, item);
        exchange.setProperty(SingleDeliveries.QUEUED, queued);
        if (queued) {
            return;
        }
        exchange.setProperty(DeliveryItem.PROPERTY, item);
        exchange.setProperty(ParkedDeliveries.PARKABLE, SingleDeliveries.mayPark(item));
        JsonNode canonical = crossReferences.withRef(mappings.readTree(target + "/" + entity, exchange.getMessage().getBody(String.class)), entity, target);
        boolean known = canonical.path("refs").has(target);
        if (!known && unconfirmedCreates.decide(target, entity, CanonicalStore.keyOf(entity, canonical)) == UnconfirmedCreates.Decision.WAIT_FOR_POLL) {
            throw unconfirmedCreates.awaitingPoll(target, "An earlier create of this " + entity + " was");
        }
        exchange.getMessage().setHeader(OPERATION, known ? "update" : "create");
        // each instance collects batches of its own (the correlation key ends with it)
        exchange.getMessage().setHeader(HubInstance.HEADER, instance.id());
        // Kafka's record headers and commit handle belong to the consumer, not in a persisted batch
        exchange.getMessage().removeHeaders("kafka.*");
        exchange.getMessage().removeHeaders("CamelKafka*");
        exchange.getMessage().setBody(canonical.toString());
    }

    @Override
    public Exchange aggregate(Exchange batch, Exchange next) {
        HashMap<String, String> item = DeliveryItem.of(next);
        if (batch == null) {
            // the first event's exchange becomes the batch's: what concerned that event alone (how to park it, its
            // parked row and attempts) does not concern the batch. (The batch repository keeps no exchange properties,
            // so this matters where Camel sends this very exchange: a batch its first event completes, size 1.)
            List.of(DeliveryItem.PROPERTY, ParkedDeliveries.PARKABLE, ParkedDeliveries.PARKED_ID, ParkedDeliveries.PRIOR_ATTEMPTS,
                    ErrorPolicy.FIRST_FAILED_AT).forEach(next::removeProperty);
            ArrayList<HashMap<String, String>> items = new ArrayList<>();
            items.add(item);
            next.getMessage().setBody(items);
            return next;
        }
        itemsOf(batch).add(item);
        return batch;
    }

    /**
     * A batch is complete and goes to its aggregator's sending thread: counted as waiting until its delivery is done,
     * so that the system's consumers pause while its sender is behind ({@link BatchBacklog}).
     */
    @Override
    public void onCompletion(Exchange batch) {
        String target = batch.getMessage().getHeader(DeliveryItem.HEADER_TARGET, String.class);
        int events = itemsOf(batch).size();
        batchBacklog.handedOver(target, events);
        batch.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                batchBacklog.done(target, events);
            }
        });
    }

    /**
     * Leaves one item per subject (the latest wins: it carries the newest state) and drops events the
     * target already received; the event ids of dropped duplicates still count as delivered with the batch.
     */
    public void pending(Exchange exchange) {
        String target = exchange.getMessage().getHeader(DeliveryItem.HEADER_TARGET, String.class);
        List<HashMap<String, String>> items = itemsOf(exchange);
        Set<String> done = deliveryLog.delivered(target, items.stream().map(i -> i.get(DeliveryItem.EVENT_ID)).toList());
        Map<String, HashMap<String, String>> latest = new LinkedHashMap<>();
        // every event of the batch by its subject: they count as delivered with the item that carries that subject
        LinkedHashMap<String, List<String>> covered = new LinkedHashMap<>();
        for (HashMap<String, String> item : items) {
            covered.computeIfAbsent(item.get(DeliveryItem.SUBJECT), subject -> new ArrayList<>()).add(item.get(DeliveryItem.EVENT_ID));
            if (!done.contains(item.get(DeliveryItem.EVENT_ID))) {
                latest.remove(item.get(DeliveryItem.SUBJECT));
                latest.put(item.get(DeliveryItem.SUBJECT), item);
            }
        }
        List<HashMap<String, String>> sending = "create".equals(exchange.getMessage().getHeader(OPERATION))
                ? settleEarlierCreates(target, new ArrayList<>(latest.values()), exchange) : new ArrayList<>(latest.values());
        sendCurrentStates(target, sending);
        exchange.setProperty(ITEMS, new ArrayList<>(sending));
        exchange.setProperty(COVERED, covered);
        exchange.getMessage().setBody(new ArrayList<>(sending));
    }

    /**
     * A create batch decides again, when it is sent, which of its items to create. An item the target has by now (an
     * earlier batch created it while this one waited for the sender, or a poll found it) goes on alone as an update.
     * A create sent before without an answer (a timeout, a 5xx, a hub that died with its batch in flight) is not sent
     * again blindly: until a poll of the target after that send shows which of them exist, the batch waits (a retryable
     * failure, redelivered here). The rest are created. Two queries for the batch.
     */
    private List<HashMap<String, String>> settleEarlierCreates(String target, List<HashMap<String, String>> items, Exchange exchange) {
        Map<String, List<HashMap<String, String>>> byEntity = new LinkedHashMap<>();
        items.forEach(item -> byEntity.computeIfAbsent(entityOfType(String.valueOf(item.get(DeliveryItem.TYPE))), e -> new ArrayList<>()).add(item));
        List<HashMap<String, String>> toCreate = new ArrayList<>(items);
        List<HashMap<String, String>> found = new ArrayList<>();
        int waiting = 0;
        for (Map.Entry<String, List<HashMap<String, String>>> group : byEntity.entrySet()) {
            String entity = group.getKey();
            List<String> keys = subjects(group.getValue());
            Map<String, String> held = crossReferences.idsIn(target, entity, keys);
            Set<String> marked = unconfirmedCreates.markedAmong(target, entity, keys);
            for (HashMap<String, String> item : group.getValue()) {
                String key = item.get(DeliveryItem.SUBJECT);
                JsonNode canonical = held.containsKey(key) ? readJson(item.get(DeliveryItem.BODY)) : null;
                if (canonical != null) {
                    item.put(DeliveryItem.BODY, CrossReferences.withId(canonical, target, held.get(key)).toString());
                    found.add(item);
                    toCreate.remove(item);
                } else if (marked.contains(key)
                        && unconfirmedCreates.decide(target, entity, key) == UnconfirmedCreates.Decision.WAIT_FOR_POLL) {
                    waiting++;
                }
            }
        }
        if (waiting > 0) {
            throw unconfirmedCreates.awaitingPoll(target, waiting + " create(s) of this batch were");
        }
        if (!found.isEmpty()) {
            // only once nothing waits: a batch redelivered here must find these marked again
            found.forEach(item -> unconfirmedCreates.clear(target, entityOfType(String.valueOf(item.get(DeliveryItem.TYPE))),
                    List.of(item.get(DeliveryItem.SUBJECT))));
            deliverAlone(found, "update", exchange.getUnitOfWork().getRoute().getEndpoint().getEndpointUri(), target);
        }
        return toCreate;
    }

    /** Newer wins: an item whose entity the hub has moved on from carries the current state instead (its refs kept). */
    private void sendCurrentStates(String target, java.util.Collection<HashMap<String, String>> items) {
        Map<String, Long> versions = new LinkedHashMap<>();
        Map<String, String> deadLetterIds = new HashMap<>();
        String entity = null;
        for (HashMap<String, String> item : items) {
            Long version = CurrentStates.versionOf(item.get(DeliveryItem.VERSION));
            String type = item.get(DeliveryItem.TYPE);
            if (version == null || type == null || !type.endsWith(".upserted") || !CanonicalStore.keeps(entityOfType(type))) {
                continue;
            }
            entity = entityOfType(type);
            versions.put(item.get(DeliveryItem.SUBJECT), version);
            if (item.get(DeliveryItem.DEAD_LETTER_ID) != null) {
                deadLetterIds.put(item.get(DeliveryItem.SUBJECT), item.get(DeliveryItem.DEAD_LETTER_ID));
            }
        }
        if (entity == null) {
            return;
        }
        Map<String, JsonNode> newer = currentStates.newer(target, entity, versions, deadLetterIds);
        for (HashMap<String, String> item : items) {
            JsonNode current = newer.get(item.get(DeliveryItem.SUBJECT));
            if (current != null) {
                ObjectNode withRefs = current.deepCopy();
                JsonNode sent = readJson(item.get(DeliveryItem.BODY));
                withRefs.set("refs", sent == null ? json.createObjectNode() : sent.path("refs"));
                item.put(DeliveryItem.BODY, withRefs.toString());
            }
        }
    }

    /** card from org.loyaltyhub.card.upserted. */
    private static String entityOfType(String type) {
        String[] parts = type.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : type;
    }

    private JsonNode readJson(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null; // not JSON: the mapping step refuses it, item by item
        }
    }

    /**
     * Maps every item with the target's from-canonical mapping into one JSON array. An item that does
     * not map is dead-lettered on its own; the rest of the batch goes on.
     */
    public void toVendor(String mappingId, Exchange exchange) {
        String target = exchange.getMessage().getHeader(DeliveryItem.HEADER_TARGET, String.class);
        List<HashMap<String, String>> items = itemsOf(exchange);
        ArrayNode array = json.createArrayNode();
        List<HashMap<String, String>> mapped = new ArrayList<>();
        for (HashMap<String, String> item : items) {
            try {
                Exchange single = exchange.copy();
                single.getMessage().setBody(item.get(DeliveryItem.BODY));
                mappingStep.apply(mappingId, single);
                array.add(single.getMessage().getBody(JsonNode.class));
                mapped.add(item);
            } catch (RuntimeException e) {
                deadLetters.park(item, target, exchange.getUnitOfWork() != null && exchange.getUnitOfWork().getRoute() != null
                        ? exchange.getUnitOfWork().getRoute().getRouteId() : exchange.getFromRouteId(), e, 1, true);
            }
        }
        exchange.setProperty(ITEMS, mapped);
        if ("create".equals(exchange.getMessage().getHeader(OPERATION))) {
            exchange.setProperty(ErrorPolicy.REPEAT_ONLY_IF_NEVER_APPLIED, true);
            String entity = entityOf(mappingId);
            List<String> keys = subjects(mapped);
            unconfirmedCreates.sending(target, entity, keys);
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    // the vendor did not take the bulk create (a 4xx, 429 or 503, no connection): nothing was created,
                    // nothing is unconfirmed (unless its items went on alone: they settle their own marks). Any other
                    // failure may come after the vendor applied it: the marks stay, and the next poll tells
                    Throwable failure = done.getException() != null ? done.getException()
                            : done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                    if (failure != null && ErrorPolicy.neverApplied(failure) && !done.getProperty(DELIVERED_ALONE, false, Boolean.class)) {
                        unconfirmedCreates.clear(target, entity, keys);
                    }
                }
            });
        }
        exchange.getMessage().setBody(array.toString());
    }

    /**
     * True when the batch's failure is settled by delivering it again rather than by dead letters: a batch of several
     * items refused permanently (bulk APIs refuse the whole batch for one bad item), or a create batch that failed
     * with its outcome unknown.
     */
    @SuppressWarnings("unchecked")
    public boolean deliversAgain(Exchange exchange) {
        List<HashMap<String, String>> items = exchange.getProperty(ITEMS, List.class);
        if (items == null || items.isEmpty() || exchange.getMessage().getHeader(OPERATION) == null) {
            return false;
        }
        return refusedAsAWhole(exchange, items) || createOfUnknownOutcome(exchange);
    }

    private static boolean refusedAsAWhole(Exchange exchange, List<HashMap<String, String>> items) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return failure instanceof HttpOperationFailedException && !ErrorPolicy.isRetryable(failure) && items.size() > 1;
    }

    private static boolean createOfUnknownOutcome(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return exchange.getProperty(ErrorPolicy.REPEAT_ONLY_IF_NEVER_APPLIED, false, Boolean.class)
                && failure != null && !ErrorPolicy.neverApplied(failure);
    }

    /**
     * Sends a failed batch through the same delivery route again: a create batch of unknown outcome as one batch,
     * which waits there for the poll that shows which of its items exist ({@link #settleEarlierCreates}); a batch
     * refused as a whole item by item, so that only the bad item becomes a dead letter.
     */
    @SuppressWarnings("unchecked")
    public void deliverAgain(Exchange exchange) {
        exchange.setProperty(DELIVERED_ALONE, true);
        // the route that failed (an aggregated batch's "from" is the Kafka consumer of its first event)
        String route = exchange.getContext().getRoute(ErrorPolicy.failedRouteOf(exchange)).getEndpoint().getEndpointUri();
        List<HashMap<String, String>> items = exchange.getProperty(ITEMS, List.class);
        String operation = String.valueOf(exchange.getMessage().getHeader(OPERATION));
        if ("create".equals(operation) && !items.isEmpty()) {
            // only a poll that starts after this failure tells what the vendor applied: one that started between the
            // marks (set as the call left) and the vendor applying the call would miss what it applied
            String entity = entityOfType(String.valueOf(items.get(0).get(DeliveryItem.TYPE)));
            unconfirmedCreates.failed(ErrorPolicy.targetOf(exchange), entity, subjects(items));
        }
        if (createOfUnknownOutcome(exchange)) {
            deliverAsBatch(items, operation, route, ErrorPolicy.targetOf(exchange));
        } else {
            deliverAlone(items, operation, route, ErrorPolicy.targetOf(exchange));
        }
    }

    private void deliverAlone(List<HashMap<String, String>> items, String operation, String route, String target) {
        items.forEach(item -> deliverAsBatch(List.of(item), operation, route, target));
    }

    private void deliverAsBatch(List<HashMap<String, String>> items, String operation, String route, String target) {
        Exchange batch = new org.apache.camel.support.DefaultExchange(producer.getCamelContext());
        batch.getMessage().setHeader(DeliveryItem.HEADER_TARGET, target);
        batch.getMessage().setHeader(OPERATION, operation);
        batch.getMessage().setBody(new ArrayList<>(items));
        producer.send(route, batch);
    }

    /**
     * After the vendor accepted the batch, item by item: what it answered for an item becomes what the hub knows it
     * holds (ids into cross references, content into change detection), and that item's events count as delivered
     * ({@link DeliveryRecords}, the path every delivery shape shares). An item the answer does not list may or may
     * not have been applied: it is not marked delivered but parked as a dead letter whose outcome is unknown, its
     * create (if it was one) still unconfirmed, so that a replay waits for a poll of the vendor instead of creating
     * it twice.
     */
    @SuppressWarnings("unchecked")
    public void delivered(String entity, String answerMappingId, Exchange exchange) {
        String target = exchange.getMessage().getHeader(DeliveryItem.HEADER_TARGET, String.class);
        List<HashMap<String, String>> items = (List<HashMap<String, String>>) exchange.getProperty(ITEMS, List.class);
        Map<String, List<String>> covered = (Map<String, List<String>>) exchange.getProperty(COVERED, Map.class);
        JsonNode answer = mappings.readTree(answerMappingId, exchange.getMessage().getBody(String.class));
        Map<String, JsonNode> held = new LinkedHashMap<>();
        if (answer.isArray()) {
            for (JsonNode element : answer) {
                JsonNode canonical = mappings.apply(answerMappingId, element, Map.of());
                if (canonical.path(CanonicalStore.keyField(entity)).isTextual()) {
                    held.put(CanonicalStore.keyOf(entity, canonical), canonical);
                }
            }
        }
        List<HashMap<String, String>> answered = items.stream().filter(i -> held.containsKey(i.get(DeliveryItem.SUBJECT))).toList();
        List<HashMap<String, String>> unanswered = items.stream().filter(i -> !held.containsKey(i.get(DeliveryItem.SUBJECT))).toList();
        List<String> answeredEvents = answered.stream()
                .flatMap(i -> covered == null ? java.util.stream.Stream.of(i.get(DeliveryItem.EVENT_ID))
                        : covered.getOrDefault(i.get(DeliveryItem.SUBJECT), List.of()).stream()).toList();
        records.delivered(target, answeredEvents,
                answered.stream().map(i -> i.get(DeliveryItem.DEAD_LETTER_ID)).filter(id -> id != null).toList(), answered.size(), () -> {
                    answered.forEach(item -> store.recordDelivered(target, entity, held.get(item.get(DeliveryItem.SUBJECT))));
                    unconfirmedCreates.clear(target, entity, subjects(answered));
                });
        if (!unanswered.isEmpty()) {
            String route = exchange.getUnitOfWork() != null && exchange.getUnitOfWork().getRoute() != null
                    ? exchange.getUnitOfWork().getRoute().getRouteId() : exchange.getFromRouteId();
            OutcomeUnknownException unknown = new OutcomeUnknownException(target + "'s bulk answer did not list this " + entity
                    + " (" + exchange.getMessage().getHeader(OPERATION) + "): whether it was applied is unknown; check "
                    + target + " for it before replaying");
            for (HashMap<String, String> item : unanswered) {
                deadLetters.park(item, target, route, unknown, 1, true);
            }
        }
    }

    private static List<String> subjects(List<HashMap<String, String>> items) {
        return items.stream().map(i -> i.get(DeliveryItem.SUBJECT)).filter(java.util.Objects::nonNull).toList();
    }

    /** {@code ecom/card.from-canonical} → {@code card}. */
    private static String entityOf(String mappingId) {
        String name = mappingId.substring(mappingId.indexOf('/') + 1);
        return name.substring(0, name.indexOf('.'));
    }

    @SuppressWarnings("unchecked")
    private static List<HashMap<String, String>> itemsOf(Exchange exchange) {
        List<HashMap<String, String>> items = exchange.getProperty(ITEMS, List.class);
        return items != null ? items : exchange.getMessage().getBody(List.class);
    }
}
