package org.loyaltyhub.ops;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.loyaltyhub.systems.SystemActivity;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * The health of each vendor system, as {@code /actuator/health} component {@code systems.<name>}: last
 * success, last failure and its error, consecutive failed calls, and an open circuit (DOWN) after
 * {@code hub.ops.open-circuit-after} of them in a row. Fed by the deliveries themselves
 * ({@link SystemActivity}); no probe calls to vendors. Deliberately in neither the liveness nor the
 * readiness group (application.yaml): a vendor's outage is no reason to restart the hub or to take it
 * out of service; the hub keeps answering the SPI and keeps the events in Kafka until the vendor is back.
 */
@Component("systemsHealthContributor")
public class SystemsHealth implements CompositeHealthContributor {

    private final Map<String, HealthIndicator> indicators = new LinkedHashMap<>();

    public SystemsHealth(SystemRegistry systems, SystemActivity activity,
            @Value("${hub.ops.open-circuit-after:5}") int openCircuitAfter) {
        for (String system : systems.names()) {
            boolean enabled = systems.get(system).enabled();
            indicators.put(system, () -> health(activity.state(system), enabled, openCircuitAfter));
        }
    }

    static Health health(SystemActivity.State state, boolean enabled, int openCircuitAfter) {
        boolean open = state.consecutiveFailures() >= openCircuitAfter;
        Health.Builder health = open ? Health.down() : Health.up();
        health.withDetail("enabled", enabled)
                .withDetail("circuit", open ? "open" : "closed")
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
