package org.loyaltyhub.delivery;

import org.loyaltyhub.exchange.DeliveryItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.loyaltyhub.mapping.MappingEngine;
import org.loyaltyhub.reliability.ErrorPolicy;
import org.loyaltyhub.store.CanonicalStore;
import org.springframework.stereotype.Component;

/**
 * Read-before-write for a target that holds a counter as an absolute figure and has no conditional write (the
 * {@code readPath} of template {@code http-bulk-delivery}): before an update batch is mapped, each entity is read at
 * the target ({@code GET} of one) and taken in as a poll's reading would be, so a change made there since the last
 * poll is merged as a delta; the batch then carries the hub's merged state, and the figures it sends are marked
 * ({@link CanonicalStore#markWriting}) so that a reading of the write landed is not taken for the target's own change.
 * A change landing at the target between this read and the write is overwritten there: the window is the time between
 * the two calls.
 */
@Component("readBeforeWrite")
public class ReadBeforeWrite {

    static final String READS = "hubReads";
    static final String READ_INDEX = "hubReadIndex";
    static final String READ_AT = "hubReadAt";
    static final String MORE = "hubReadMore";

    private final CanonicalStore store;
    private final MappingEngine mappings;

    public ReadBeforeWrite(CanonicalStore store, MappingEngine mappings) {
        this.store = store;
        this.mappings = mappings;
    }

    /**
     * The entities of an update batch the target knows (their id in its cross reference): each is read before the
     * write. Nothing is read for a create batch, or without a {@code readPath}.
     */
    @SuppressWarnings("unchecked")
    public void start(String readPath, Exchange exchange) {
        String target = ErrorPolicy.targetOf(exchange);
        List<HashMap<String, String>> items = exchange.getProperty(DeliveryBatches.ITEMS, List.class);
        ArrayList<String> ids = new ArrayList<>();
        boolean reading = !readPath.isBlank() && "update".equals(exchange.getMessage().getHeader(DeliveryBatches.OPERATION));
        for (HashMap<String, String> item : reading ? items : List.<HashMap<String, String>>of()) {
            JsonNode body = mappings.readTree(target, item.get(DeliveryItem.BODY));
            JsonNode id = body.path("refs").path(target);
            if (id.isValueNode() && !id.asText().isBlank()) {
                ids.add(id.asText());
            }
        }
        exchange.setProperty(READS, ids);
        exchange.setProperty(READ_INDEX, 0);
        exchange.setProperty(MORE, !ids.isEmpty());
    }

    /** The next read's call: GET {@code readPath} with the entity's id for {ref}, no body. */
    @SuppressWarnings("unchecked")
    public void request(String readPath, Exchange exchange) {
        List<String> ids = exchange.getProperty(READS, List.class);
        int index = exchange.getProperty(READ_INDEX, Integer.class);
        exchange.getMessage().removeHeaders("*", "hub*");
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, readPath.replace("{ref}", ids.get(index)));
        exchange.getMessage().setBody(null);
        // asked for now: a counter the answer shows is as of this moment or later
        exchange.setProperty(READ_AT, store.databaseTime());
    }

    /**
     * The answer taken in (mapped by the answer mapping, merged by the field rules); a 404 (gone at the target) is left
     * to the write to find out. Any other failure status fails the batch under the error policy.
     */
    public void take(String entity, String answerMapping, Exchange exchange) throws HttpOperationFailedException {
        String target = ErrorPolicy.targetOf(exchange);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            JsonNode answer = mappings.readTree(answerMapping, exchange.getMessage().getBody(String.class));
            JsonNode canonical = mappings.apply(answerMapping, answer, Map.of());
            store.acceptBeforeWrite(target, entity, canonical, exchange.getProperty(READ_AT, OffsetDateTime.class));
        } else if (status != 404) {
            throw new HttpOperationFailedException(exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class), status,
                    exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class), null, Map.of(),
                    exchange.getMessage().getBody(String.class));
        }
        int next = exchange.getProperty(READ_INDEX, Integer.class) + 1;
        exchange.setProperty(READ_INDEX, next);
        exchange.setProperty(MORE, next < exchange.getProperty(READS, List.class).size());
    }

    /**
     * After reads, every item of the store's events carries the state the hub holds now (the reads merged into it), with
     * the refs it had; another producer's event is sent as it is. Creates and updates alike, the counters the batch
     * sends are marked as being written.
     */
    @SuppressWarnings("unchecked")
    public void done(String entity, Exchange exchange) {
        String target = ErrorPolicy.targetOf(exchange);
        List<HashMap<String, String>> items = exchange.getProperty(DeliveryBatches.ITEMS, List.class);
        if (!exchange.getProperty(READS, List.class).isEmpty()) {
            for (HashMap<String, String> item : items) {
                if (CurrentStates.versionOf(item.get(DeliveryItem.VERSION)) == null) {
                    continue; // another producer's event, not the store's: sent as it is (docs/operations.md, Newer wins)
                }
                store.find(entity, item.get(DeliveryItem.SUBJECT)).ifPresent(current -> {
                    ObjectNode withRefs = current.deepCopy();
                    withRefs.set("refs", mappings.readTree(target, item.get(DeliveryItem.BODY)).path("refs"));
                    item.put(DeliveryItem.BODY, withRefs.toString());
                });
            }
        }
        // until the write's answer is recorded, a reading showing exactly what it sends is this write landed (a create's
        // too: a poll may list the new entity before its answer is in)
        Map<String, JsonNode> sending = new HashMap<>();
        items.forEach(item -> sending.put(item.get(DeliveryItem.SUBJECT), mappings.readTree(target, item.get(DeliveryItem.BODY))));
        store.markWriting(target, entity, sending);
        exchange.getMessage().setBody(new ArrayList<>(items));
    }
}
