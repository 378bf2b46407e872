package org.loyaltyhub.flow;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The batches waiting to be sent for a system, on this instance. A completed batch is handed from the thread that
 * completed it (a Kafka consumer's, for a batch completed by its size) to its aggregator's one sending thread (Camel's
 * default), so the batch's waits (backoff, a vendor's {@code Retry-After}) hold no consumer; the batch is in the batch
 * repository meanwhile, and its events' offsets are committed. That hand-over has no bound of its own: while more than
 * {@code hub.flow.max-batches-waiting} batches wait, the system's consumers pause, as for an open circuit, so what the
 * sender cannot keep up with stays on Kafka, not in memory.
 */
@Component
public class BatchBacklog {

    private final int maxBatchesWaiting;
    private final Map<String, AtomicLong> batches = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> events = new ConcurrentHashMap<>();

    public BatchBacklog(@Value("${hub.flow.max-batches-waiting:20}") int maxBatchesWaiting) {
        this.maxBatchesWaiting = Math.max(1, maxBatchesWaiting);
    }

    /** A completed batch of so many events is handed to the system's sender. */
    public void handedOver(String system, int eventCount) {
        counter(batches, system).incrementAndGet();
        counter(events, system).addAndGet(eventCount);
    }

    /** A batch handed over is done: delivered, dead-lettered, or left in the repository for recovery. */
    public void done(String system, int eventCount) {
        counter(batches, system).decrementAndGet();
        counter(events, system).addAndGet(-eventCount);
    }

    /** Events in the system's batches waiting for, or in, its sender. */
    public long events(String system) {
        AtomicLong count = events.get(system);
        return count == null ? 0 : Math.max(0, count.get());
    }

    /** Whether more batches wait for the system's sender than its consumers may run ahead of. */
    public boolean isBehind(String system) {
        AtomicLong count = batches.get(system);
        return count != null && count.get() > maxBatchesWaiting;
    }

    /** Systems that have handed batches over since the start. */
    public Set<String> systems() {
        return batches.keySet();
    }

    private static AtomicLong counter(Map<String, AtomicLong> counts, String system) {
        return counts.computeIfAbsent(system, s -> new AtomicLong());
    }
}
