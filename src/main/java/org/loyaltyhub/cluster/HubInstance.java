package org.loyaltyhub.cluster;

import java.util.UUID;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This running hub among the others on the same database: an id of its own for each start, and a lock that
 * says it lives. The lock is a PostgreSQL advisory lock of {@link LeaderLock}'s session, so it dies with the
 * instance (a kill, a crash, a lost network) and nobody has to wait out a heartbeat. Work an instance leaves
 * behind (its batches, its replays) is taken over only once the instance is gone: {@link #isGone}.
 */
@Component("hubInstance")
public class HubInstance implements SmartLifecycle {

    /** Header of a persisted batch: the instance that collects it. */
    public static final String HEADER = "hubInstance";

    private final String id = "hub-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final LeaderLock locks;
    private volatile boolean running;

    public HubInstance(LeaderLock locks) {
        this.locks = locks;
    }

    public String id() {
        return id;
    }

    /**
     * True when the instance with this id no longer lives (or is not known: work of a hub from before instances
     * had ids). Never true for this instance, nor when the answer is unknown.
     */
    public boolean isGone(String instanceId) {
        if (id.equals(instanceId)) {
            return false;
        }
        // our own lock first: a session this instance lost and re-opened would not hold it any more
        locks.isLeader(lockOf(id));
        return instanceId == null || instanceId.isBlank() || !locks.isHeldElsewhere(lockOf(instanceId));
    }

    /** How many instances run on this database now, this one included (at least 1). */
    public int instancesAlive() {
        return locks.instancesAlive();
    }

    private static String lockOf(String instanceId) {
        return "hub-instance:" + instanceId;
    }

    @Override
    public void start() {
        locks.isLeader(lockOf(id));
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        locks.release(lockOf(id));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // before Camel's routes start (and after they stop), so that no batch of this instance is taken over while it runs
        return Integer.MIN_VALUE + 100;
    }
}
