package org.loyaltyhub.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.loyaltyhub.systems.SystemRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A system's routes, and suspending them for a vendor's maintenance window. A suspended system's
 * consuming routes (its Kafka dispatch consumer and its poll) are stopped through Camel's route
 * controller: events wait in Kafka under the system's consumer group, uncommitted, and nothing is lost.
 * The suspension is a row in PostgreSQL, so every hub instance follows it ({@link #reconcile}) and it
 * holds across restarts.
 */
@Component
public class SystemRoutes {

    private static final Logger log = LoggerFactory.getLogger(SystemRoutes.class);

    private final CamelContext camel;
    private final SystemRegistry systems;
    private final NamedParameterJdbcTemplate jdbc;
    /** Routes this instance stopped for a suspension: the only ones a resume starts again. */
    private final Set<String> stoppedBySuspension = ConcurrentHashMap.newKeySet();

    public SystemRoutes(CamelContext camel, SystemRegistry systems, NamedParameterJdbcTemplate jdbc) {
        this.camel = camel;
        this.systems = systems;
        this.jdbc = jdbc;
    }

    /** One route of a system as the ops API shows it. */
    public record RouteState(String id, String from, String status, boolean consumer, int inflight) {
    }

    /** The system's routes: those its route templates were instantiated for, and {@code dispatch-<system>}. */
    public List<RouteState> routesOf(String system) {
        List<RouteState> routes = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            if (belongsTo(route, system)) {
                String from = route.getEndpoint().getEndpointBaseUri();
                ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
                routes.add(new RouteState(route.getRouteId(), from, status == null ? "Unknown" : status.name(), isConsumer(route),
                        camel.getInflightRepository().size(route.getRouteId())));
            }
        }
        routes.sort(java.util.Comparator.comparing(RouteState::id));
        return routes;
    }

    public boolean isSuspended(String system) {
        return suspended().contains(system);
    }

    public Set<String> suspended() {
        return Set.copyOf(jdbc.queryForList("SELECT system FROM suspended_system", Map.of(), String.class));
    }

    /** Suspends the system's deliveries here and (through the row) on every instance; idempotent. */
    public void suspend(String system, String operator) {
        jdbc.update("INSERT INTO suspended_system (system, suspended_by) VALUES (:system, :operator) ON CONFLICT (system) DO NOTHING",
                new MapSqlParameterSource("system", system).addValue("operator", operator));
        apply(system, true);
    }

    public void resume(String system) {
        jdbc.update("DELETE FROM suspended_system WHERE system = :system", new MapSqlParameterSource("system", system));
        apply(system, false);
    }

    /** Brings this instance's routes in line with the suspensions in the database (another instance may have changed them). */
    public void reconcile() {
        Set<String> suspended = suspended();
        for (String system : systems.names()) {
            apply(system, suspended.contains(system));
        }
    }

    private synchronized void apply(String system, boolean suspend) {
        for (Route route : camel.getRoutes()) {
            if (!belongsTo(route, system) || !isConsumer(route)) {
                continue;
            }
            String id = route.getRouteId();
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            try {
                if (suspend && status != null && status.isStarted()) {
                    // graceful: in-flight exchanges finish (and commit) first; the rest stays in Kafka
                    camel.getRouteController().stopRoute(id);
                    stoppedBySuspension.add(id);
                    log.info("System {} suspended: route {} stopped", system, id);
                } else if (!suspend && stoppedBySuspension.contains(id)) {
                    camel.getRouteController().startRoute(id);
                    stoppedBySuspension.remove(id);
                    log.info("System {} resumed: route {} started", system, id);
                }
            } catch (Exception e) {
                throw new IllegalStateException("Cannot " + (suspend ? "stop" : "start") + " route " + id + ": " + e.getMessage(), e);
            }
        }
    }

    private boolean belongsTo(Route route, String system) {
        return system.equals(systemOf(camel, route.getRouteId()));
    }

    /**
     * The system a route works for: the {@code system} parameter its route template was instantiated
     * with, or {@code <system>} of {@code dispatch-<system>}; null for routes of no system (the SPI).
     */
    public static String systemOf(CamelContext camel, String routeId) {
        if (routeId == null) {
            return null;
        }
        RouteDefinition definition = camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition(routeId);
        Map<String, Object> parameters = definition == null ? null : definition.getTemplateParameters();
        if (parameters != null && parameters.get("system") != null) {
            return String.valueOf(parameters.get("system"));
        }
        return routeId.startsWith("dispatch-") ? routeId.substring("dispatch-".length()) : null;
    }

    /** Routes that take work in by themselves (Kafka, a timer); direct routes only run when called. */
    private static boolean isConsumer(Route route) {
        String uri = route.getEndpoint().getEndpointUri();
        return !(uri.startsWith("direct:") || uri.startsWith("seda:"));
    }
}
