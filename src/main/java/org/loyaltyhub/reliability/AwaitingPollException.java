package org.loyaltyhub.reliability;

import java.time.Duration;

/**
 * A delivery that cannot go on until the target's next complete poll shows whether an earlier create of unknown
 * outcome took effect. It is not a vendor failure and does not spend the vendor's retry budget: the error policy
 * checks again every poll interval, for as long as {@link #patience} allows, then parks it (still unconfirmed, so
 * a replay waits for a poll in turn).
 */
public class AwaitingPollException extends RuntimeException {

    /** A poll of a long list, or one failing now and then, may take several intervals: this many are waited for. */
    static final int POLLS_WAITED_FOR = 20;
    private static final Duration SHORTEST_PATIENCE = Duration.ofSeconds(10);

    private final Duration pollInterval;

    public AwaitingPollException(String message, Duration pollInterval) {
        super(message);
        this.pollInterval = pollInterval;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** How long a delivery waits for the poll: {@value #POLLS_WAITED_FOR} poll intervals, and at least 10 seconds. */
    public Duration patience() {
        Duration polls = pollInterval.multipliedBy(POLLS_WAITED_FOR);
        return polls.compareTo(SHORTEST_PATIENCE) < 0 ? SHORTEST_PATIENCE : polls;
    }

    /** The failure, or one of its causes, as an {@code AwaitingPollException}; null when it is none. */
    public static AwaitingPollException in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof AwaitingPollException awaiting) {
                return awaiting;
            }
        }
        return null;
    }
}
