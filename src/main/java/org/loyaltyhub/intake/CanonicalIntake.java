package org.loyaltyhub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.camel.Exchange;
import org.loyaltyhub.exchange.DeliveryItem;
import org.loyaltyhub.mapping.MappingEngine;
import org.loyaltyhub.mapping.MappingStep;
import org.loyaltyhub.polling.PollPages;
import org.loyaltyhub.store.ContentHash;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.store.CanonicalStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The step of the {@code canonical-intake} route template: a chunk of a source's items (or one item, when a
 * dead letter is replayed) mapped to canonical and taken into the store in one database transaction. An item
 * that comes exactly as it came last time is not mapped again: a source without a change feed is read whole
 * on every poll, and most of it is unchanged. An item
 * that does not map is dead-lettered on its own and the rest of the chunk goes on; a failure of the store
 * fails the chunk, which the error policy retries whole (nothing of it was stored).
 */
@Component("canonicalIntake")
public class CanonicalIntake {

    private static final Logger log = LoggerFactory.getLogger(CanonicalIntake.class);

    private final MappingStep mappingStep;
    private final MappingEngine mappings;
    private final CanonicalStore store;
    private final DeadLetterStore deadLetters;

    public CanonicalIntake(MappingStep mappingStep, MappingEngine mappings, CanonicalStore store, DeadLetterStore deadLetters) {
        this.mappingStep = mappingStep;
        this.mappings = mappings;
        this.store = store;
        this.deadLetters = deadLetters;
    }

    /** The id a source item that did not map is dead-lettered under. */
    static String eventIdOf(String itemHash) {
        return "item-" + itemHash;
    }

    public void take(String system, String entity, String mappingId, Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        List<String> items = new ArrayList<>();
        if (body instanceof List<?> chunk) {
            chunk.forEach(item -> items.add(String.valueOf(item)));
        } else {
            items.add(exchange.getMessage().getBody(String.class));
        }
        // an item read exactly as last time (by the same mapping and settings) is unchanged: not mapped again
        String mapping = mappings.get(mappingId).fingerprint(mappings.configOf(system));
        List<String> hashes = items.stream().map(item -> ContentHash.ofText(mapping + '\n' + item)).toList();
        java.util.Set<String> known = store.knownItems(system, entity, hashes);
        // an item that did not map waits as a dead letter under its hash: the next poll does not park it again
        java.util.Set<String> parked = deadLetters.waiting(system, hashes.stream().map(CanonicalIntake::eventIdOf).toList());
        List<JsonNode> canonicals = new ArrayList<>(items.size());
        List<String> canonicalHashes = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            if (known.contains(hashes.get(i)) || parked.contains(eventIdOf(hashes.get(i)))) {
                continue;
            }
            Exchange single = exchange.copy();
            single.getMessage().setBody(item);
            try {
                mappingStep.apply(mappingId, single);
                canonicals.add(single.getMessage().getBody(JsonNode.class));
                canonicalHashes.add(hashes.get(i));
            } catch (RuntimeException e) {
                HashMap<String, String> failed = DeliveryItem.of(single);
                failed.put(DeliveryItem.BODY, item);
                failed.put(DeliveryItem.EVENT_ID, eventIdOf(hashes.get(i)));
                deadLetters.park(failed, system, exchange.getUnitOfWork() != null && exchange.getUnitOfWork().getRoute() != null
                        ? exchange.getUnitOfWork().getRoute().getRouteId() : exchange.getFromRouteId(), e, 1, true);
            }
        }
        if (canonicals.isEmpty()) {
            return;
        }
        // a poll's items were read as of its start; a replayed item, now
        List<CanonicalStore.Intake> outcomes = store.acceptAll(system, entity, canonicals, canonicalHashes, PollPages.startedOf(exchange));
        String replayed = exchange.getMessage().getHeader(DeliveryItem.HEADER_REPLAY_OF, String.class);
        if (replayed != null) {
            deadLetters.markDelivered(List.of(replayed)); // a dead-lettered item replayed: taken in now
        }
        long published = outcomes.stream().filter(outcome -> outcome == CanonicalStore.Intake.PUBLISHED).count();
        if (published > 0) {
            log.info("{} {} changed: published {}.upserted ({} of {})", system, entity, entity, published, items.size());
        }
        exchange.getMessage().setHeader("hubIntake", outcomes.size() == 1 ? outcomes.get(0).name() : published + " published");
    }
}
