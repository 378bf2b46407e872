package org.loyaltyhub.polling;

import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Back pressure on intake: a poll takes nothing in while another system's delivery backlog (its consumer group's Kafka
 * lag plus its parked deliveries) is over {@code hub.flow.max-backlog}; the poll is skipped, and the next tick asks
 * again. Polls take in what the targets cannot deliver yet only into Kafka, so holding them loses nothing: the vendor
 * keeps its list. The backlog is measured every {@code hub.ops.refresh-interval} (the ops gauges' tick), so a poll may
 * overshoot the limit by what it takes in within one tick.
 */
@Component("intakeBackPressure")
public class IntakeBackPressure {

    private static final Logger log = LoggerFactory.getLogger(IntakeBackPressure.class);

    private final long maxBacklog;
    private volatile Map<String, Long> backlog = Map.of();
    /** Sources whose polls are held now, to log each hold and release once. */
    private final java.util.Set<String> holding = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public IntakeBackPressure(@Value("${hub.flow.max-backlog:0}") long maxBacklog) {
        this.maxBacklog = maxBacklog;
    }

    /** The delivery backlog per target system, as last measured (lag plus parked). */
    public void measured(Map<String, Long> backlogPerTarget) {
        this.backlog = Map.copyOf(backlogPerTarget);
    }

    /** The delivery backlog of a target as last measured; null before the first measure. */
    public Long backlogOf(String target) {
        return backlog.get(target);
    }

    public long maxBacklog() {
        return maxBacklog;
    }

    /**
     * Why the source's polls take nothing in now: the first other system whose backlog is over the limit, as
     * {@code "wallet: 12000 events waiting, over 10000"}; empty when they may.
     */
    public Optional<String> heldBy(String source) {
        if (maxBacklog <= 0) {
            return Optional.empty();
        }
        return backlog.entrySet().stream().filter(target -> !target.getKey().equals(source) && target.getValue() > maxBacklog)
                .sorted(Map.Entry.comparingByKey()).findFirst()
                .map(target -> target.getKey() + ": " + target.getValue() + " events waiting, over " + maxBacklog);
    }

    /** The poll route's filter: whether this tick's poll of the source may run. */
    public boolean allows(String source) {
        Optional<String> held = heldBy(source);
        if (held.isPresent() && holding.add(source)) {
            log.warn("Polls of {} take nothing in until the backlog shrinks: {}", source, held.get());
        } else if (held.isEmpty() && holding.remove(source)) {
            log.info("Polls of {} take in again: every system's backlog is within {}", source, maxBacklog);
        }
        return held.isEmpty();
    }
}
