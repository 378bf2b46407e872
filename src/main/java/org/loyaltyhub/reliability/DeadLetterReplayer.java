package org.loyaltyhub.reliability;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.loyaltyhub.exchange.DeliveryItem;
import org.loyaltyhub.dispatch.Subscriptions;
import org.loyaltyhub.events.CloudEvent;
import org.springframework.stereotype.Component;

/**
 * Sends dead letters back through their target's delivery route, with the original body and
 * CloudEvent headers. The delivery route marks the row delivered; a failure parks it again.
 */
@Component
public class DeadLetterReplayer {

    /** What a replay request did with one dead letter. */
    public enum Result { SENT, NOT_WAITING, NOT_FOUND, NO_ROUTE, FAILED }

    private final DeadLetterStore store;
    private final ProducerTemplate producer;
    private final Subscriptions subscriptions;

    public DeadLetterReplayer(DeadLetterStore store, ProducerTemplate producer, Subscriptions subscriptions) {
        this.store = store;
        this.producer = producer;
        this.subscriptions = subscriptions;
    }

    public Result replay(long id) {
        DeadLetter letter = store.find(id).orElse(null);
        if (letter == null) {
            return Result.NOT_FOUND;
        }
        if (!store.claimForReplay(id)) {
            return Result.NOT_WAITING;
        }
        List<String> endpoints = endpointsOf(letter);
        if (endpoints.isEmpty()) {
            backToQueue(letter, new IllegalStateException("no subscription of " + letter.target() + " takes this event any more"));
            return Result.NO_ROUTE;
        }
        for (String endpoint : endpoints) {
            Exchange exchange = new DefaultExchange(producer.getCamelContext());
            letter.headers().fields().forEachRemaining(h -> exchange.getMessage().setHeader(h.getKey(), h.getValue().asText()));
            exchange.getMessage().setHeader(DeliveryItem.HEADER_TARGET, letter.target());
            exchange.getMessage().setHeader(DeliveryItem.HEADER_REPLAY_OF, String.valueOf(id));
            exchange.getMessage().setHeader(DeliveryItem.HEADER_DELIVER_TO, endpoint.substring("direct:".length()));
            exchange.getMessage().setBody(letter.payload());
            producer.send(endpoint, exchange);
            if (exchange.getException() != null) {
                // the delivery route could not even take it (no such route, say): back to the queue
                backToQueue(letter, exchange.getException());
                return Result.FAILED;
            }
        }
        return Result.SENT;
    }

    /**
     * Replays every waiting dead letter of a system (or of all systems but the skipped), except those of unknown
     * outcome; returns how many were sent.
     */
    public int replayAll(String target, Set<String> skippedTargets) {
        int sent = 0;
        for (long id : store.replayableIds(target)) {
            if (store.find(id).map(letter -> skippedTargets.contains(letter.target())).orElse(true)) {
                continue;
            }
            if (replay(id) == Result.SENT) {
                sent++;
            }
        }
        return sent;
    }

    /** A replay that could not even start (no attempt was made): the dead letter waits again, this failure added to its history. */
    private void backToQueue(DeadLetter letter, Throwable failure) {
        store.park(Map.of(DeliveryItem.DEAD_LETTER_ID, String.valueOf(letter.id()), DeliveryItem.EVENT_ID, letter.eventId(),
                DeliveryItem.BODY, letter.payload()), letter.target(), "replay", failure, 0, true);
    }

    private List<String> endpointsOf(DeadLetter letter) {
        if (letter.deliverTo() != null) {
            return List.of("direct:" + letter.deliverTo());
        }
        try {
            return subscriptions.deliverTo(letter.target(), letter.eventType(), CloudEvent.sourceSystem(letter.source()), letter.payload());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
