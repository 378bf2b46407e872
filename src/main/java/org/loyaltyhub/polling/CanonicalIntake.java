package org.loyaltyhub.polling;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.camel.Exchange;
import org.loyaltyhub.delivery.DeliveryItem;
import org.loyaltyhub.mapping.MappingStep;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.store.CanonicalStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The step of the {@code canonical-intake} route template: a chunk of a source's items (or one item, when a
 * dead letter is replayed) mapped to canonical and taken into the store in one database transaction. An item
 * that does not map is dead-lettered on its own and the rest of the chunk goes on; a failure of the store
 * fails the chunk, which the error policy retries whole (nothing of it was stored).
 */
@Component("canonicalIntake")
public class CanonicalIntake {

    private static final Logger log = LoggerFactory.getLogger(CanonicalIntake.class);

    private final MappingStep mappingStep;
    private final CanonicalStore store;
    private final DeadLetterStore deadLetters;

    public CanonicalIntake(MappingStep mappingStep, CanonicalStore store, DeadLetterStore deadLetters) {
        this.mappingStep = mappingStep;
        this.store = store;
        this.deadLetters = deadLetters;
    }

    public void take(String system, String entity, String mappingId, Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        List<String> items = new ArrayList<>();
        if (body instanceof List<?> chunk) {
            chunk.forEach(item -> items.add(String.valueOf(item)));
        } else {
            items.add(exchange.getMessage().getBody(String.class));
        }
        List<JsonNode> canonicals = new ArrayList<>(items.size());
        for (String item : items) {
            Exchange single = exchange.copy();
            single.getMessage().setBody(item);
            try {
                mappingStep.apply(mappingId, single);
                canonicals.add(single.getMessage().getBody(JsonNode.class));
            } catch (RuntimeException e) {
                HashMap<String, String> failed = DeliveryItem.of(single);
                failed.put(DeliveryItem.BODY, item);
                deadLetters.park(failed, system, exchange.getUnitOfWork() != null && exchange.getUnitOfWork().getRoute() != null
                        ? exchange.getUnitOfWork().getRoute().getRouteId() : exchange.getFromRouteId(), e, 1, true);
            }
        }
        if (canonicals.isEmpty()) {
            return;
        }
        List<CanonicalStore.Intake> outcomes = store.acceptAll(system, entity, canonicals);
        long published = outcomes.stream().filter(outcome -> outcome == CanonicalStore.Intake.PUBLISHED).count();
        if (published > 0) {
            log.info("{} {} changed: published {}.upserted ({} of {})", system, entity, entity, published, items.size());
        }
        exchange.getMessage().setHeader("hubIntake", outcomes.size() == 1 ? outcomes.get(0).name() : published + " published");
    }
}
