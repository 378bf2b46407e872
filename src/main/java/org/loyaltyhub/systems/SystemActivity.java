package org.loyaltyhub.systems;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What each system's deliveries did: the one place that counts delivered, retried and dead-lettered
 * ({@code hub.deliveries{system,outcome}}), remembers the last success and failure of its calls for the
 * health of the system, and keeps the last hour per minute for the ops page. Kept in memory on purpose:
 * every instance reports its own deliveries, as its metrics do.
 */
@Component
public class SystemActivity {

    /** Minutes kept for the ops page's chart. */
    public static final int MINUTES = 60;

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();

    @Autowired
    public SystemActivity(MeterRegistry meters) {
        this(meters, Clock.systemUTC());
    }

    public SystemActivity(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    public void delivered(String system, int count) {
        if (count > 0) {
            track(system).record(Outcome.DELIVERED, count, null, clock.instant());
        }
    }

    /**
     * A failed delivery that will be tried again. {@code vendorError} describes what the vendor did (its
     * answer, or no answer), or is null when the failure is the hub's own (a mapping, a schema): only the
     * vendor's failures count against its health.
     */
    public void retried(String system, String vendorError) {
        track(system).record(Outcome.RETRIED, 1, vendorError, clock.instant());
    }

    /** A delivery given up on: it waits in the dead-letter queue. {@code vendorError} as in {@link #retried}. */
    public void deadLettered(String system, String vendorError) {
        track(system).record(Outcome.DEAD_LETTERED, 1, vendorError, clock.instant());
    }

    /**
     * A call the hub made on its own behalf (a poll), not a delivery: it counts for the system's health
     * (last success or failure, failures in a row) but not among deliveries.
     */
    public void polled(String system, String vendorError) {
        track(system).reachable(vendorError, clock.instant());
    }

    /** The system's state now; an idle system has no successes or failures yet. */
    public State state(String system) {
        return track(system).state();
    }

    /** The last hour, oldest minute first, one entry per minute (empty minutes included). */
    public List<Minute> lastHour(String system) {
        return track(system).lastHour(clock.instant());
    }

    private Track track(String system) {
        return tracks.computeIfAbsent(String.valueOf(system), name -> new Track(name, meters));
    }

    enum Outcome {
        DELIVERED("delivered"), RETRIED("retried"), DEAD_LETTERED("dead-lettered");

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    /** Counts since start, the last call outcomes, and {@code consecutiveFailures} of vendor calls since the last success. */
    public record State(long delivered, long retried, long deadLettered, Instant lastSuccess, Instant lastFailure,
            String lastError, int consecutiveFailures) {
    }

    /** One minute of the chart: its start and what happened in it. */
    public record Minute(Instant start, long delivered, long retried, long deadLettered) {
    }

    /** One system's counters, last outcomes and a ring of per-minute counts (slot = minute % 60). */
    private static final class Track {
        private final Counter[] counters = new Counter[Outcome.values().length];
        private final long[] totals = new long[Outcome.values().length];
        private final long[] slotMinute = new long[MINUTES];
        private final long[][] slotCounts = new long[MINUTES][Outcome.values().length];
        private Instant lastSuccess;
        private Instant lastFailure;
        private String lastError;
        private int consecutiveFailures;

        Track(String system, MeterRegistry meters) {
            for (Outcome outcome : Outcome.values()) {
                counters[outcome.ordinal()] = Counter.builder("hub.deliveries").description("Deliveries to vendor systems by outcome")
                        .tag("system", system).tag("outcome", outcome.tag).register(meters);
            }
            java.util.Arrays.fill(slotMinute, -1);
        }

        synchronized void record(Outcome outcome, int count, String vendorError, Instant now) {
            counters[outcome.ordinal()].increment(count);
            totals[outcome.ordinal()] += count;
            long minute = now.getEpochSecond() / 60;
            int slot = (int) (minute % MINUTES);
            if (slotMinute[slot] != minute) {
                slotMinute[slot] = minute;
                java.util.Arrays.fill(slotCounts[slot], 0);
            }
            slotCounts[slot][outcome.ordinal()] += count;
            if (outcome == Outcome.DELIVERED) {
                lastSuccess = now;
                consecutiveFailures = 0;
            } else if (vendorError != null) {
                lastFailure = now;
                lastError = vendorError;
                consecutiveFailures++;
            }
        }

        synchronized void reachable(String vendorError, Instant now) {
            if (vendorError == null) {
                lastSuccess = now;
                consecutiveFailures = 0;
            } else {
                lastFailure = now;
                lastError = vendorError;
                consecutiveFailures++;
            }
        }

        synchronized State state() {
            return new State(totals[0], totals[1], totals[2], lastSuccess, lastFailure, lastError, consecutiveFailures);
        }

        synchronized List<Minute> lastHour(Instant now) {
            long current = now.getEpochSecond() / 60;
            List<Minute> minutes = new ArrayList<>(MINUTES);
            for (long minute = current - MINUTES + 1; minute <= current; minute++) {
                int slot = (int) (minute % MINUTES);
                long[] counts = slotMinute[slot] == minute ? slotCounts[slot] : new long[Outcome.values().length];
                minutes.add(new Minute(Instant.ofEpochSecond(minute * 60), counts[0], counts[1], counts[2]));
            }
            return minutes;
        }
    }
}
