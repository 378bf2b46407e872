package org.loyaltyhub.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.loyaltyhub.systems.SystemActivity;
import org.loyaltyhub.dispatch.ConsumerPauses;
import org.loyaltyhub.flow.BatchBacklog;
import org.loyaltyhub.flow.VendorFlowControl;
import org.loyaltyhub.polling.IntakeBackPressure;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Systems for operators: each with its routes and their state, its suspension, its counts and health;
 * suspend and resume its deliveries; the last hour of activity per minute for the ops page's chart.
 */
@RestController
@RequestMapping("/ops/api")
public class SystemsController {

    private final SystemRegistry systems;
    private final SystemRoutes routes;
    private final SystemActivity activity;
    private final OpsGauges gauges;
    private final MeterRegistry meters;
    private final VendorFlowControl flow;
    private final ConsumerPauses pauses;
    private final IntakeBackPressure backPressure;
    private final BatchBacklog batchBacklog;

    public SystemsController(SystemRegistry systems, SystemRoutes routes, SystemActivity activity, OpsGauges gauges,
            MeterRegistry meters, VendorFlowControl flow, ConsumerPauses pauses, IntakeBackPressure backPressure,
            BatchBacklog batchBacklog) {
        this.pauses = pauses;
        this.batchBacklog = batchBacklog;
        this.backPressure = backPressure;
        this.systems = systems;
        this.routes = routes;
        this.activity = activity;
        this.gauges = gauges;
        this.meters = meters;
        this.flow = flow;
    }

    @GetMapping("/systems")
    public List<Map<String, Object>> list() {
        Set<String> suspended = routes.suspended();
        List<Map<String, Object>> answer = new ArrayList<>();
        for (String system : systems.names()) {
            answer.add(describe(system, suspended.contains(system)));
        }
        return answer;
    }

    @GetMapping("/systems/{system}")
    public Map<String, Object> get(@PathVariable String system) {
        return describe(known(system), routes.isSuspended(system));
    }

    /** Stops the system's consuming routes: its events wait in Kafka until it is resumed. */
    @PostMapping("/systems/{system}/suspend")
    public Map<String, Object> suspend(@PathVariable String system, Principal operator) {
        enabled(known(system));
        routes.suspend(system, operator == null ? null : operator.getName());
        return describe(system, true);
    }

    @PostMapping("/systems/{system}/resume")
    public Map<String, Object> resume(@PathVariable String system) {
        enabled(known(system));
        routes.resume(system);
        return describe(system, false);
    }

    /** Deliveries, retries and dead letters per system and minute over the last hour, oldest first. */
    @GetMapping("/activity")
    public Map<String, Object> activity() {
        Map<String, Object> perSystem = new LinkedHashMap<>();
        for (String system : systems.names()) {
            perSystem.put(system, activity.lastHour(system));
        }
        return Map.of("minutes", SystemActivity.MINUTES, "systems", perSystem);
    }

    private Map<String, Object> describe(String system, boolean suspended) {
        SystemActivity.State state = activity.state(system);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("delivered", state.delivered());
        counts.put("retried", state.retried());
        counts.put("deadLettered", state.deadLettered());
        counts.put("deadLettersWaiting", gauges.waiting(system));
        counts.put("kafkaLag", gauges.lag(system));
        List<Map<String, Object>> routeStates = new ArrayList<>();
        for (SystemRoutes.RouteState route : routes.routesOf(system)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", route.id());
            r.put("from", route.from());
            r.put("status", route.status());
            r.put("inflight", route.inflight());
            r.put("exchanges", count("camel.exchanges.total", route.id()));
            // the error policy handles every failure (retry or dead letter), so Camel counts them as handled
            r.put("failures", count("camel.exchanges.failed", route.id()) + count("camel.exchanges.failures.handled", route.id()));
            routeStates.add(r);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", system);
        answer.put("enabled", systems.get(system).enabled());
        answer.put("suspended", suspended);
        answer.put("health", SystemsHealth.health(state, systems.get(system).enabled(), flow.circuitOf(system), flow.openCircuitAfter())
                .getStatus().getCode());
        answer.put("circuit", flow.circuitOf(system).name().toLowerCase(java.util.Locale.ROOT));
        answer.put("rateLimit", flow.rateLimitOf(system));
        // flow control: consumers paused (open circuit, batch sender behind), deliveries parked by key, events in batches
        // this instance has yet to send, what is yet to deliver, and whether this system's polls are held for another
        // system's backlog
        answer.put("consumer", pauses.isPaused(system) ? "paused" : "running");
        answer.put("parked", gauges.parked(system));
        answer.put("batched", batchBacklog.events(system));
        answer.put("backlog", backPressure.backlogOf(system));
        answer.put("intakeHeldBy", backPressure.heldBy(system).orElse(null));
        answer.put("lastSuccess", state.lastSuccess());
        answer.put("lastFailure", state.lastFailure());
        answer.put("lastError", state.lastError());
        answer.put("consecutiveFailures", state.consecutiveFailures());
        answer.put("counts", counts);
        answer.put("routes", routeStates);
        return answer;
    }

    /** A Camel route-policy counter of a route; 0 when the route has not counted yet. */
    private long count(String meter, String routeId) {
        Counter counter = meters.find(meter).tag("routeId", routeId).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private String known(String system) {
        if (!systems.exists(system)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No system '" + system + "'; configured: " + systems.names());
        }
        return system;
    }

    private void enabled(String system) {
        if (!systems.get(system).enabled()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "System '" + system + "' is disabled (hub.systems." + system
                    + ".enabled=false): it has no routes to suspend or resume");
        }
    }
}
