package org.loyaltyhub.reliability;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.loyaltyhub.cluster.LeaderLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code hub.dead-letters.check-interval}, on one hub instance at a time: letters a stopped hub left
 * {@code replaying} are settled ({@link DeadLetterStore#settleInterruptedReplays}). Not a Camel route: a hub with
 * no route files (a sandbox-only test JVM) must not gain one.
 */
@Component
class DeadLetterHousekeeping implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHousekeeping.class);
    private static final String TASK = "dead-letter-housekeeping";

    private final DeadLetterStore deadLetters;
    private final LeaderLock leaderLock;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    DeadLetterHousekeeping(DeadLetterStore deadLetters, LeaderLock leaderLock,
            @Value("${hub.dead-letters.check-interval:60s}") Duration interval) {
        this.deadLetters = deadLetters;
        this.leaderLock = leaderLock;
        this.interval = interval;
    }

    private void run() {
        try {
            if (leaderLock.isLeader(TASK)) {
                deadLetters.settleInterruptedReplays();
            }
        } catch (RuntimeException e) {
            LOG.warn("Dead-letter housekeeping failed, next attempt in {}: {}", interval, e.getMessage());
        }
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, TASK);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        leaderLock.release(TASK);
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
