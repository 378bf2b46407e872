package org.loyaltyhub.events;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.loyaltyhub.cluster.LeaderLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka in id order, on one instance at a time. A batch is marked published
 * only after Kafka acknowledged every record in it, so a crash republishes rather than loses (consumers
 * are idempotent per event id). A record Kafka can never take (too large, not serialisable) is set aside as
 * a dead letter ({@link UnpublishableEvents}) instead of holding back the rows behind it. Woken right after a commit that appended events, and every
 * {@code hub.outbox.poll-interval} otherwise.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String TASK = "outbox-relay";

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Producer<String, byte[]> producer;
    private final LeaderLock leaderLock;
    private final MeterRegistry meters;
    private final Duration pollInterval;
    private final int batchSize;
    private final Duration retention;
    private final org.springframework.beans.factory.ObjectProvider<UnpublishableEvents> unpublishable;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;

    public OutboxRelay(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, Producer<String, byte[]> eventProducer,
            LeaderLock leaderLock, MeterRegistry meters,
            @Value("${hub.outbox.poll-interval:500ms}") Duration pollInterval,
            @Value("${hub.outbox.batch-size:500}") int batchSize,
            @Value("${hub.outbox.retention:24h}") Duration retention,
            org.springframework.beans.factory.ObjectProvider<UnpublishableEvents> unpublishable) {
        this.unpublishable = unpublishable;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.producer = eventProducer;
        this.leaderLock = leaderLock;
        this.meters = meters;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.retention = retention;
    }

    /** Relays as soon as the current transaction commits, instead of at the next tick. */
    void wakeUpAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeUp.release();
                }
            });
        } else {
            wakeUp.release();
        }
    }

    private void loop() {
        long lastPurge = 0;
        while (running) {
            try {
                wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                if (!running || !leaderLock.isLeader(TASK)) {
                    continue;
                }
                while (running && relayBatch() == batchSize) {
                    // a full batch: more are probably waiting
                }
                if (System.currentTimeMillis() - lastPurge > 60_000) {
                    purgePublished();
                    lastPurge = System.currentTimeMillis();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Outbox relay failed, retrying: {}", e.getMessage());
                sleepQuietly();
            }
        }
    }

    /** Publishes one batch; returns how many events it published. */
    int relayBatch() {
        Integer published = transaction.execute(status -> {
            List<PendingEvent> pending = jdbc.query("""
                    SELECT id, event_id, topic, event_type, source, subject, event_time, payload, extra_headers
                    FROM event_outbox WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED
                    """, new MapSqlParameterSource("limit", batchSize), (row, i) -> new PendingEvent(
                    row.getLong("id"), row.getString("topic"),
                    new CloudEvent(row.getString("event_id"), row.getString("source"), row.getString("event_type"),
                            row.getString("subject"), row.getObject("event_time", OffsetDateTime.class),
                            row.getString("payload")), readHeaders(row.getString("extra_headers"))));
            if (pending.isEmpty()) {
                return 0;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(pending.size());
            for (PendingEvent event : pending) {
                try {
                    acks.add(producer.send(toRecord(event)));
                } catch (RuntimeException e) {
                    // a record refused before it is sent (serialisation, size): its own failure, not the batch's
                    acks.add(java.util.concurrent.CompletableFuture.failedFuture(e));
                }
            }
            producer.flush();
            List<Long> done = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) {
                PendingEvent event = pending.get(i);
                try {
                    acks.get(i).get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (!neverPublishable(cause)) {
                        throw new IllegalStateException("Kafka did not acknowledge the outbox batch: " + cause, cause);
                    }
                    // a poison record: set aside as a dead letter, the rows behind it go on
                    log.warn("Outbox event {} ({}) can never be published ({}): set aside as a dead letter", event.event().id(),
                            event.event().type(), cause.getClass().getSimpleName());
                    unpublishable.getObject().setAside(event.topic(), event.event(), (Exception) cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Kafka", e);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("Kafka did not acknowledge the outbox batch within 30 s", e);
                }
                done.add(event.rowId());
            }
            jdbc.update("UPDATE event_outbox SET published_at = now() WHERE id IN (:ids)", new MapSqlParameterSource("ids", done));
            for (PendingEvent event : pending) {
                Counter.builder("hub.events.published").description("Canonical events published to Kafka")
                        .tag("system", event.event().sourceSystem()).tag("type", event.event().type())
                        .register(meters).increment();
            }
            return pending.size();
        });
        return published == null ? 0 : published;
    }

    /** Failures of the record itself, which no retry mends (a broker or network failure is retried with the batch). */
    static boolean neverPublishable(Throwable failure) {
        return failure instanceof org.apache.kafka.common.errors.RecordTooLargeException
                || failure instanceof org.apache.kafka.common.errors.RecordBatchTooLargeException
                || failure instanceof org.apache.kafka.common.errors.InvalidTopicException
                || failure instanceof org.apache.kafka.common.errors.SerializationException;
    }

    private ProducerRecord<String, byte[]> toRecord(PendingEvent event) {
        ProducerRecord<String, byte[]> record = CloudEventRecords.write(event.topic(), event.event());
        // the hub's own headers (a dead letter's target, error, attempts) travel beside the CloudEvent's
        event.extraHeaders().forEach((name, value) ->
                record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return record;
    }

    private void purgePublished() {
        jdbc.update("DELETE FROM event_outbox WHERE published_at < now() - CAST(:age AS interval)",
                new MapSqlParameterSource("age", retention.toSeconds() + " seconds"));
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        worker = new Thread(this::loop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        wakeUp.release();
        if (worker != null) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        leaderLock.release(TASK);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static Map<String, String> readHeaders(String json) {
        try {
            return HEADERS_READER.readValue(json);
        } catch (IOException e) {
            throw new IllegalStateException("Outbox headers are not JSON", e);
        }
    }

    private static final ObjectReader HEADERS_READER = new ObjectMapper()
            .readerFor(new TypeReference<Map<String, String>>() {
            });

    private record PendingEvent(long rowId, String topic, CloudEvent event, Map<String, String> extraHeaders) {
    }
}
