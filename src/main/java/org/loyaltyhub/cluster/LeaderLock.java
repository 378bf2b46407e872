package org.loyaltyhub.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Leadership per named task through PostgreSQL session advisory locks held on one dedicated connection.
 * The lock lives as long as that connection: when an instance dies, its connection closes and another
 * instance takes the task over at its next attempt. The poll template filters on
 * {@code isLeader('<system>-<entity>-poll')}; the outbox relay asks the same for its own task.
 */
@Component("leaderLock")
public class LeaderLock implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LeaderLock.class);

    /** The name of each instance's lock session in {@code pg_stat_activity}: counting them counts the instances. */
    static final String SESSION_NAME = "loyalty-hub instance";

    private final DataSource dataSource;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private Connection connection;

    public LeaderLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True when this instance leads the task now, taking the lead if nobody holds it. */
    public synchronized boolean isLeader(String task) {
        try {
            if (connection == null || !connection.isValid(2)) {
                reconnect();
            }
            if (held.contains(task)) {
                return true;
            }
            if (tryLock(task)) {
                held.add(task);
                log.info("This instance now leads '{}'", task);
                return true;
            }
            return false;
        } catch (SQLException e) {
            log.warn("Leadership of '{}' unknown, not leading: {}", task, e.getMessage());
            held.clear();
            closeQuietly();
            return false;
        }
    }

    /**
     * True when another session holds the task's lock now (another instance leads it, or lives: see
     * {@link HubInstance}). Asked by trying the lock and giving it straight back.
     */
    public synchronized boolean isHeldElsewhere(String task) {
        if (held.contains(task)) {
            return false;
        }
        try {
            if (connection == null || !connection.isValid(2)) {
                reconnect();
            }
            if (!tryLock(task)) {
                return true;
            }
            unlock(task);
            return false;
        } catch (SQLException e) {
            // unknown counts as held: a live instance's work must never be taken over on a guess
            log.warn("Whether '{}' is held elsewhere is unknown, taken as held: {}", task, e.getMessage());
            held.clear();
            closeQuietly();
            return true;
        }
    }

    /** Gives up a task (for tests and for suspending a system). */
    public synchronized void release(String task) {
        if (held.remove(task) && connection != null) {
            try {
                unlock(task);
            } catch (SQLException e) {
                closeQuietly();
            }
        }
    }

    /**
     * How many instances of the hub are connected to this database now, this one included: each holds one lock
     * session, named {@link #SESSION_NAME}. 1 when it cannot be told.
     */
    public synchronized int instancesAlive() {
        try {
            if (connection == null || !connection.isValid(2)) {
                reconnect();
            }
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()")) {
                count.setString(1, SESSION_NAME);
                try (ResultSet result = count.executeQuery()) {
                    return result.next() ? Math.max(1, result.getInt(1)) : 1;
                }
            }
        } catch (SQLException e) {
            log.warn("How many instances are alive is unknown, taken as 1: {}", e.getMessage());
            held.clear();
            closeQuietly();
            return 1;
        }
    }

    private boolean tryLock(String task) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            lock.setString(1, task);
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private void unlock(String task) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
            unlock.setString(1, task);
            unlock.execute();
        }
    }

    private void reconnect() throws SQLException {
        held.clear(); // locks died with the old session
        closeQuietly();
        connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        try (PreparedStatement name = connection.prepareStatement("SELECT set_config('application_name', ?, false)")) {
            name.setString(1, SESSION_NAME);
            name.execute();
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            // a pooled connection outlives close(): its session must not keep our locks
            try (PreparedStatement unlockAll = connection.prepareStatement(
                    "SELECT pg_advisory_unlock_all(), set_config('application_name', '', false)")) {
                unlockAll.execute();
            } catch (SQLException ignored) {
                // a broken session holds nothing
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the session is gone either way
            }
            connection = null;
        }
    }

    @Override
    public synchronized void destroy() {
        held.clear();
        closeQuietly();
    }
}
