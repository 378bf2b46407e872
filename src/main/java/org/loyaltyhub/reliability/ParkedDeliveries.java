package org.loyaltyhub.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.loyaltyhub.cluster.HubInstance;
import org.loyaltyhub.exchange.DeliveryItem;
import org.loyaltyhub.flow.VendorFlowControl;
import org.loyaltyhub.systems.VendorCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One key waits, not a partition. A one-event delivery that still fails after {@code hub.parking.hold-at-most} of
 * retries in place is parked here (PostgreSQL, table {@code parked_delivery}) and its Kafka consumer moves on; later
 * events of the same entity (the CloudEvent subject, the Kafka key) for the same target queue behind it, in order,
 * while other entities flow. Every instance runs a redelivery worker that leases the due head of each key's queue
 * ({@code FOR UPDATE SKIP LOCKED}) and sends it through its delivery route once, with the attempts it has spent:
 * <ul>
 * <li>delivered (or found delivered already): its row goes, and the next event of its key is due at once;</li>
 * <li>failed retryably with attempts left: the error policy parks it again, due after its next backoff;</li>
 * <li>failed for good, or out of attempts: the error policy makes it a dead letter, its row goes, and the events
 * queued behind it are delivered after it (as they would have been had it never been parked).</li>
 * </ul>
 * Bulk deliveries are not parked: a batch's failure is its system's, not one entity's.
 */
@Component("parkedDeliveries")
public class ParkedDeliveries implements SmartLifecycle {

    /** Exchange property: the delivery may park its key (a one-event delivery of an event with a subject). */
    public static final String PARKABLE = "hubParkable";
    /** Exchange property: the parked row this exchange redelivers. */
    public static final String PARKED_ID = "hubParkedId";
    /** Exchange property set by the error policy: park the delivery, next attempt in this many milliseconds. */
    static final String PARK_FOR = "hubParkFor";
    /** Exchange property set by the error policy with {@link #PARK_FOR}: the attempts the delivery has spent. */
    static final String PARK_ATTEMPTS = "hubParkAttempts";
    /** Exchange property: the attempts a parked delivery spent before this one. */
    public static final String PRIOR_ATTEMPTS = "hubPriorAttempts";

    private static final Logger log = LoggerFactory.getLogger(ParkedDeliveries.class);
    /** How long a redelivery that could not even start (no such route: a system disabled meanwhile) waits. */
    private static final Duration NOT_STARTED_WAIT = Duration.ofSeconds(30);
    private static final TypeReference<Map<String, String>> ITEM = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate jdbc;
    private final ProducerTemplate producer;
    private final HubInstance instance;
    private final VendorCredentials credentials;
    private final ObjectMapper json;
    private final Duration holdAtMost;
    private final Duration pollInterval;
    private final int workers;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread leaser;
    private ExecutorService redeliveries;

    /** One parked delivery, as the worker leased it. */
    record Parked(long id, String target, String deliverTo, Map<String, String> item, int attempts, OffsetDateTime firstFailedAt) {
    }

    public ParkedDeliveries(NamedParameterJdbcTemplate jdbc, ProducerTemplate producer, HubInstance instance,
            VendorCredentials credentials, ObjectMapper json,
            @Value("${hub.parking.hold-at-most:2s}") Duration holdAtMost,
            @Value("${hub.parking.poll-interval:500ms}") Duration pollInterval,
            @Value("${hub.parking.workers:4}") int workers) {
        this.jdbc = jdbc;
        this.producer = producer;
        this.instance = instance;
        this.credentials = credentials;
        this.json = json;
        this.holdAtMost = holdAtMost;
        this.pollInterval = pollInterval;
        this.workers = Math.max(1, workers);
    }

    /** How long a one-event delivery may retry in place, holding its consumer, before it parks its key. */
    public Duration holdAtMost() {
        return holdAtMost;
    }

    /**
     * Before a delivery: when the event's key has parked deliveries for this target, the event joins the end of the
     * queue (true) and must not be delivered now. Asked of every one-event delivery, so the event is written only when
     * it queues. A queue emptied between the question and the append leaves this event as its due head: nothing of its
     * key is left before it, so it overtakes nothing.
     */
    public boolean queueBehind(String target, Map<String, String> item) {
        String key = item.get(DeliveryItem.SUBJECT);
        String eventId = item.get(DeliveryItem.EVENT_ID);
        String deliverTo = item.get(DeliveryItem.DELIVER_TO);
        if (key == null || eventId == null || deliverTo == null) {
            return false;
        }
        MapSqlParameterSource params = new MapSqlParameterSource("target", target).addValue("key", key);
        Boolean parked = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM parked_delivery WHERE target = :target AND entity_key = :key)",
                params, Boolean.class);
        if (!Boolean.TRUE.equals(parked)) {
            return false;
        }
        // already in the queue (a record read again after a crash): nothing to add
        jdbc.update("""
                INSERT INTO parked_delivery (target, entity_key, event_id, deliver_to, item)
                VALUES (:target, :key, :eventId, :deliverTo, CAST(:item AS jsonb))
                ON CONFLICT (target, deliver_to, event_id) DO NOTHING
                """, params.addValue("eventId", eventId).addValue("deliverTo", deliverTo).addValue("item", write(item)));
        return true;
    }

    /** The error policy's predicate: it decided to park this delivery. */
    public boolean parks(Exchange exchange) {
        return exchange.getProperty(PARK_FOR) != null;
    }

    /**
     * The error policy's step for a delivery it decided to park: a first failure becomes the head of its key's queue,
     * a redelivered head is put back with its attempts and next attempt; either way its lease ends.
     */
    @SuppressWarnings("unchecked")
    public void park(Exchange exchange) {
        Map<String, String> item = exchange.getProperty(DeliveryItem.PROPERTY, Map.class);
        String target = ErrorPolicy.targetOf(exchange);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        long waitMillis = exchange.getProperty(PARK_FOR, Long.class);
        MapSqlParameterSource params = new MapSqlParameterSource("target", target)
                .addValue("attempts", exchange.getProperty(PARK_ATTEMPTS, 0, Integer.class))
                .addValue("first", exchange.getProperty(ErrorPolicy.FIRST_FAILED_AT, OffsetDateTime.class))
                .addValue("waitMillis", waitMillis)
                .addValue("error", credentials.redact(ErrorPolicy.describe(failure)));
        Long parkedId = exchange.getProperty(PARKED_ID, Long.class);
        if (parkedId != null) {
            jdbc.update("""
                    UPDATE parked_delivery SET attempts = :attempts, first_failed_at = :first, last_error = :error, leased_by = NULL,
                        next_attempt_at = now() + :waitMillis * interval '1 millisecond'
                    WHERE id = :id
                    """, params.addValue("id", parkedId));
        } else {
            jdbc.update("""
                    INSERT INTO parked_delivery (target, entity_key, event_id, deliver_to, item, attempts, first_failed_at, last_error,
                        next_attempt_at)
                    VALUES (:target, :key, :eventId, :deliverTo, CAST(:item AS jsonb), :attempts, :first, :error,
                        now() + :waitMillis * interval '1 millisecond')
                    ON CONFLICT (target, deliver_to, event_id) DO UPDATE SET attempts = EXCLUDED.attempts,
                        first_failed_at = EXCLUDED.first_failed_at, last_error = EXCLUDED.last_error, leased_by = NULL,
                        next_attempt_at = EXCLUDED.next_attempt_at
                    """, params.addValue("key", item.get(DeliveryItem.SUBJECT)).addValue("eventId", item.get(DeliveryItem.EVENT_ID))
                    .addValue("deliverTo", item.get(DeliveryItem.DELIVER_TO)).addValue("item", write(item)));
        }
        // the event id, never the subject (a card number)
        log.warn("Delivery of {} to {} parked after {} attempt(s) ({}), its key's later events queue behind it; next attempt in {} ms",
                item.get(DeliveryItem.EVENT_ID), target, params.getValue("attempts"), params.getValue("error"), waitMillis);
    }

    /** Parked deliveries per target (heads and the events queued behind them), for the ops API, gauges and back pressure. */
    public Map<String, Long> parkedPerTarget() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT target, count(*) AS n FROM parked_delivery GROUP BY target ORDER BY target",
                rs -> {
                    counts.put(rs.getString("target"), rs.getLong("n"));
                });
        return counts;
    }

    /** Leases up to {@code limit} due heads (a head: the lowest id of its key's queue) for this instance. */
    List<Parked> leaseDue(int limit) {
        return jdbc.query("""
                UPDATE parked_delivery p SET leased_by = :instance
                WHERE p.id IN (
                    SELECT h.id FROM parked_delivery h
                    WHERE h.leased_by IS NULL AND h.next_attempt_at <= now()
                        AND NOT EXISTS (SELECT 1 FROM parked_delivery e
                            WHERE e.target = h.target AND e.entity_key = h.entity_key AND e.id < h.id)
                    ORDER BY h.next_attempt_at LIMIT :limit
                    FOR UPDATE SKIP LOCKED)
                RETURNING p.id, p.target, p.deliver_to, p.item, p.attempts, p.first_failed_at
                """, new MapSqlParameterSource("instance", instance.id()).addValue("limit", limit),
                (rs, i) -> new Parked(rs.getLong("id"), rs.getString("target"), rs.getString("deliver_to"), read(rs.getString("item")),
                        rs.getInt("attempts"), rs.getObject("first_failed_at", OffsetDateTime.class)));
    }

    /** Sends a leased head through its delivery route once; its row goes unless the error policy parked it again. */
    void redeliver(Parked parked) {
        Exchange exchange = new DefaultExchange(producer.getCamelContext());
        Message message = exchange.getMessage();
        DeliveryItem.headers(parked.item()).forEach(message::setHeader);
        message.setHeader(DeliveryItem.HEADER_TARGET, parked.target());
        message.setHeader(DeliveryItem.HEADER_DELIVER_TO, parked.deliverTo());
        if (parked.item().get(DeliveryItem.DEAD_LETTER_ID) != null) {
            message.setHeader(DeliveryItem.HEADER_REPLAY_OF, parked.item().get(DeliveryItem.DEAD_LETTER_ID));
        }
        message.setBody(parked.item().get(DeliveryItem.BODY));
        exchange.setProperty(PARKED_ID, parked.id());
        exchange.setProperty(PRIOR_ATTEMPTS, parked.attempts());
        if (parked.firstFailedAt() != null) {
            exchange.setProperty(ErrorPolicy.FIRST_FAILED_AT, parked.firstFailedAt());
        }
        // the calls of this head do not open the system's circuit by failing again: its key is known to fail
        VendorFlowControl.retryingOneKey(() -> producer.send("direct:" + parked.deliverTo(), exchange));
        MapSqlParameterSource row = new MapSqlParameterSource("id", parked.id()).addValue("instance", instance.id());
        if (exchange.getException() != null) {
            // the route did not take it (no such route, a system disabled meanwhile): no attempt was made
            jdbc.update("""
                    UPDATE parked_delivery SET leased_by = NULL, last_error = :error,
                        next_attempt_at = now() + :waitSeconds * interval '1 second'
                    WHERE id = :id AND leased_by = :instance
                    """, row.addValue("error", credentials.redact(ErrorPolicy.describe(exchange.getException())))
                    .addValue("waitSeconds", NOT_STARTED_WAIT.toSeconds()));
        } else if (!parks(exchange)) {
            // delivered, found delivered, or a dead letter now: the next event of its key is due
            jdbc.update("DELETE FROM parked_delivery WHERE id = :id AND leased_by = :instance", row);
        }
    }

    /** Leases held by instances that are gone (they stopped or died during an attempt) end, so others take the heads. */
    int releaseLeasesOfGoneInstances() {
        List<String> gone = jdbc.queryForList("SELECT DISTINCT leased_by FROM parked_delivery WHERE leased_by IS NOT NULL",
                new MapSqlParameterSource(), String.class).stream().filter(instance::isGone).toList();
        return gone.isEmpty() ? 0
                : jdbc.update("UPDATE parked_delivery SET leased_by = NULL WHERE leased_by IN (:gone)", new MapSqlParameterSource("gone", gone));
    }

    private void loop() {
        Semaphore slots = new Semaphore(workers);
        long lastLeaseCheck = 0;
        while (running) {
            List<Parked> due = List.of();
            try {
                if (System.nanoTime() - lastLeaseCheck > TimeUnit.SECONDS.toNanos(10)) {
                    releaseLeasesOfGoneInstances();
                    lastLeaseCheck = System.nanoTime();
                }
                int free = slots.availablePermits();
                due = free == 0 ? List.of() : leaseDue(free);
                for (Parked parked : due) {
                    slots.acquireUninterruptibly();
                    redeliveries.execute(() -> {
                        try {
                            redeliver(parked);
                        } catch (RuntimeException e) {
                            log.warn("Redelivery of parked delivery {} to {} failed: {}", parked.id(), parked.target(), ErrorPolicy.describe(e));
                            endLease(parked.id());
                        } finally {
                            slots.release();
                            wakeUp.release();
                        }
                    });
                }
            } catch (RuntimeException e) {
                log.warn("Parked deliveries could not be read: {}", ErrorPolicy.describe(e));
            }
            if (due.isEmpty()) {
                try {
                    wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void endLease(long id) {
        try {
            jdbc.update("UPDATE parked_delivery SET leased_by = NULL WHERE id = :id AND leased_by = :instance",
                    new MapSqlParameterSource("id", id).addValue("instance", instance.id()));
        } catch (RuntimeException e) {
            // the lease ends when this instance is gone
        }
    }

    @Override
    public void start() {
        running = true;
        redeliveries = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "parked-redelivery");
            thread.setDaemon(true);
            return thread;
        });
        leaser = new Thread(this::loop, "parked-deliveries");
        leaser.setDaemon(true);
        leaser.start();
    }

    @Override
    public void stop() {
        running = false;
        wakeUp.release();
        try {
            if (leaser != null) {
                leaser.join(10_000);
            }
            if (redeliveries != null) {
                redeliveries.shutdown();
                redeliveries.awaitTermination(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            jdbc.update("UPDATE parked_delivery SET leased_by = NULL WHERE leased_by = :instance",
                    new MapSqlParameterSource("instance", instance.id()));
        } catch (RuntimeException e) {
            // the leases end when this instance is seen gone
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private String write(Map<String, String> item) {
        try {
            return json.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> read(String text) {
        try {
            return json.readValue(text, ITEM);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parked delivery's item is not JSON", e);
        }
    }
}
