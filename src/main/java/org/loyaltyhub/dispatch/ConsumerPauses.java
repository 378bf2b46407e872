package org.loyaltyhub.dispatch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.service.ServiceHelper;
import org.loyaltyhub.flow.BatchBacklog;
import org.loyaltyhub.flow.VendorFlowControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * A system's dispatch consumers pause while its deliveries cannot go out: while its circuit is open (failed calls in a
 * row, or the vendor's {@code Retry-After}), and while its batch sender is behind ({@link BatchBacklog}). Camel's Kafka
 * consumer pauses its partitions and keeps polling, so the group keeps its members (no rebalance, however long the
 * wait) and no event is taken that could not be delivered. An event in hand when the circuit opened is parked
 * ({@code ParkedDeliveries}). Checked every {@code hub.flow.pause-check}; the consumers resume once the circuit lets
 * calls out and the sender has caught up, and the first call is the circuit's probe. (Not a lifecycle bean: one that
 * depends on the Camel context would make Spring start Camel before its routes are collected.)
 */
@Component
public class ConsumerPauses implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerPauses.class);

    private final CamelContext camel;
    private final VendorFlowControl flow;
    private final BatchBacklog batchBacklog;
    private final long checkMillis;
    /** Systems paused now, with when (System.nanoTime). */
    private final Map<String, Long> pausedSince = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "consumer-pauses");
        thread.setDaemon(true);
        return thread;
    });

    public ConsumerPauses(CamelContext camel, VendorFlowControl flow, BatchBacklog batchBacklog,
            @Value("${hub.flow.pause-check:500ms}") java.time.Duration check) {
        this.camel = camel;
        this.flow = flow;
        this.batchBacklog = batchBacklog;
        this.checkMillis = Math.max(10, check.toMillis());
        flow.onCircuitOpened(system -> pause(system, "its circuit is open"));
        checks.scheduleWithFixedDelay(() -> {
            try {
                batchBacklog.systems().stream().filter(batchBacklog::isBehind)
                        .forEach(system -> pause(system, "its batch sender is behind"));
                resumeWhenDeliverable();
            } catch (RuntimeException e) {
                log.warn("Paused consumers could not be checked: {}", e.getMessage());
            }
        }, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }

    /** Whether the system's dispatch consumers are paused now. */
    public boolean isPaused(String system) {
        return pausedSince.containsKey(system);
    }

    /** Pauses the system's dispatch consumers (they keep their partitions), until its deliveries can go out. */
    void pause(String system, String why) {
        if (checks.isShutdown() || pausedSince.putIfAbsent(system, System.nanoTime()) != null) {
            return;
        }
        List<KafkaConsumer> consumers = consumersOf(system);
        consumers.forEach(consumer -> {
            try {
                ServiceHelper.suspendService(consumer);
            } catch (RuntimeException e) {
                log.warn("The {} consumer could not be paused: {}", system, e.getMessage());
            }
        });
        log.warn("{}: {}, its dispatch consumers pause their partitions until its deliveries can go out", system, why);
    }

    private void resumeWhenDeliverable() {
        for (String system : pausedSince.keySet()) {
            if (batchBacklog.isBehind(system) || !flow.permitsCalls(system)) {
                continue;
            }
            // a route an operator suspended meanwhile stays so: its resume resumes its consumer
            consumersOf(system).stream().filter(consumer -> camel.getRouteController()
                    .getRouteStatus(consumer.getRoute().getRouteId()) == ServiceStatus.Started).forEach(consumer -> {
                try {
                    ServiceHelper.resumeService(consumer);
                } catch (RuntimeException e) {
                    log.warn("The {} consumer could not be resumed: {}", system, e.getMessage());
                }
            });
            Long since = pausedSince.remove(system);
            log.info("{}'s deliveries can go out again: its dispatch consumers resumed after {} ms", system,
                    since == null ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
        }
    }

    /** The Kafka consumers of the system's dispatch routes (routes of the dispatch template for this system). */
    private List<KafkaConsumer> consumersOf(String system) {
        return camel.getRoutes().stream().filter(route -> route.getConsumer() instanceof KafkaConsumer && systemOf(route).equals(system))
                .map(route -> (KafkaConsumer) route.getConsumer()).toList();
    }

    private String systemOf(Route route) {
        RouteDefinition definition = ((ModelCamelContext) camel).getRouteDefinition(route.getRouteId());
        Object system = definition == null || definition.getTemplateParameters() == null ? null
                : definition.getTemplateParameters().get("system");
        return system == null ? "" : String.valueOf(system);
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
    }
}
