package org.loyaltyhub.ops;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.loyaltyhub.flow.VendorFlowControl;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.loyaltyhub.systems.SystemActivity;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * The health of each vendor system, as {@code /actuator/health} component {@code systems.<name>}: last
 * success, last failure and its error, consecutive failed calls, and the state of its circuit ({@link VendorFlowControl}:
 * DOWN while open, after {@code hub.ops.open-circuit-after} failed calls in a row, until a probe call succeeds). Fed by
 * the calls themselves ({@link SystemActivity}); the hub makes no calls of its own to find out. Deliberately in neither the liveness nor the
 * readiness group (application.yaml): a vendor's outage is no reason to restart the hub or to take it
 * out of service; the hub keeps answering the SPI and keeps the events in Kafka until the vendor is back.
 */
@Component("systemsHealthContributor")
public class SystemsHealth implements CompositeHealthContributor {

    private final Map<String, HealthIndicator> indicators = new LinkedHashMap<>();

    public SystemsHealth(SystemRegistry systems, SystemActivity activity, VendorFlowControl flow) {
        for (String system : systems.names()) {
            boolean enabled = systems.get(system).enabled();
            indicators.put(system, () -> health(activity.state(system), enabled, flow.circuitOf(system), flow.openCircuitAfter()));
        }
    }

    /** DOWN while the system's circuit is not closed: open (its calls stopped) or half-open (its probe call out). */
    static Health health(SystemActivity.State state, boolean enabled, CircuitBreaker.State circuit, int openCircuitAfter) {
        boolean closed = circuit == CircuitBreaker.State.CLOSED || circuit == CircuitBreaker.State.DISABLED;
        Health.Builder health = closed ? Health.up() : Health.down();
        health.withDetail("enabled", enabled)
                .withDetail("circuit", circuit.name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("consecutiveFailures", state.consecutiveFailures())
                .withDetail("openCircuitAfter", openCircuitAfter);
        if (state.lastSuccess() != null) {
            health.withDetail("lastSuccess", state.lastSuccess().toString());
        }
        if (state.lastFailure() != null) {
            health.withDetail("lastFailure", state.lastFailure().toString()).withDetail("lastError", state.lastError());
        }
        return health.build();
    }

    @Override
    public HealthContributor getContributor(String name) {
        return indicators.get(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return indicators.entrySet().stream()
                .map(e -> NamedContributor.of(e.getKey(), (HealthContributor) e.getValue())).iterator();
    }
}
