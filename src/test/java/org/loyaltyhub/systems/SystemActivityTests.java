package org.loyaltyhub.systems;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemActivityTests {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:30Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ManualClock clock = new ManualClock();
    final SystemActivity activity = new SystemActivity(meters, clock);

    @Test
    void pollsCountForHealthButNotAmongDeliveries() {
        activity.polled("ecom", "HTTP 502");
        activity.polled("ecom", "HTTP 502");
        assertThat(activity.state("ecom").consecutiveFailures()).isEqualTo(2);
        assertThat(activity.state("ecom").lastError()).isEqualTo("HTTP 502");
        clock.now = clock.now.plusSeconds(5);
        activity.polled("ecom", null);
        SystemActivity.State state = activity.state("ecom");
        assertThat(state.consecutiveFailures()).isZero();
        assertThat(state.lastSuccess()).isEqualTo(clock.now);
        assertThat(state.delivered() + state.retried() + state.deadLettered()).isZero();
        assertThat(activity.lastHour("ecom")).allMatch(minute -> minute.delivered() + minute.retried() + minute.deadLettered() == 0);
    }

    @Test
    void vendorFailuresCountInARowUntilADeliveryAndTheHubsOwnFailuresDoNot() {
        activity.retried("ecom", "HTTP 503");
        activity.retried("ecom", "HTTP 503");
        activity.deadLettered("ecom", null); // a mapping failure: the vendor did nothing wrong
        assertThat(activity.state("ecom").consecutiveFailures()).isEqualTo(2);
        assertThat(activity.state("ecom").lastError()).isEqualTo("HTTP 503");
        assertThat(activity.state("ecom").lastSuccess()).isNull();

        clock.now = clock.now.plusSeconds(5);
        activity.delivered("ecom", 3);
        SystemActivity.State state = activity.state("ecom");
        assertThat(state.consecutiveFailures()).isZero();
        assertThat(state.lastSuccess()).isEqualTo(clock.now);
        assertThat(state.lastFailure()).isBefore(clock.now);
        assertThat(state.delivered()).isEqualTo(3);
        assertThat(state.retried()).isEqualTo(2);
        assertThat(state.deadLettered()).isEqualTo(1);
        assertThat(meters.get("hub.deliveries").tag("system", "ecom").tag("outcome", "delivered").counter().count()).isEqualTo(3);
        assertThat(meters.get("hub.deliveries").tag("system", "ecom").tag("outcome", "retried").counter().count()).isEqualTo(2);
        assertThat(meters.get("hub.deliveries").tag("system", "ecom").tag("outcome", "dead-lettered").counter().count()).isEqualTo(1);
    }

    @Test
    void theLastHourKeepsSixtyMinutesAndForgetsOlderOnes() {
        activity.delivered("ecom", 2);
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        activity.retried("ecom", "HTTP 500");
        activity.delivered("ecom", 1);

        List<SystemActivity.Minute> hour = activity.lastHour("ecom");
        assertThat(hour).hasSize(SystemActivity.MINUTES);
        assertThat(hour.get(59).start()).isEqualTo(Instant.parse("2026-01-01T10:01:00Z"));
        assertThat(hour.get(59).delivered()).isEqualTo(1);
        assertThat(hour.get(59).retried()).isEqualTo(1);
        assertThat(hour.get(58).delivered()).isEqualTo(2);

        // an hour on, the slot of 10:00 is reused: its old counts must not show again
        clock.now = clock.now.plus(Duration.ofMinutes(59));
        activity.deadLettered("ecom", "HTTP 400");
        hour = activity.lastHour("ecom");
        assertThat(hour.get(59).start()).isEqualTo(Instant.parse("2026-01-01T11:00:00Z"));
        assertThat(hour.get(59).delivered()).isZero();
        assertThat(hour.get(59).deadLettered()).isEqualTo(1);
        assertThat(hour.get(0).start()).isEqualTo(Instant.parse("2026-01-01T10:01:00Z"));
        assertThat(hour.get(0).delivered()).isEqualTo(1);
        assertThat(hour.stream().mapToLong(SystemActivity.Minute::delivered).sum()).isEqualTo(1);
    }
}
