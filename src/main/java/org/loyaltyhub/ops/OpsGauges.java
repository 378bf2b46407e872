package org.loyaltyhub.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.loyaltyhub.dispatch.ConsumerPauses;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.flow.BatchBacklog;
import org.loyaltyhub.flow.VendorFlowControl;
import org.loyaltyhub.polling.IntakeBackPressure;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.reliability.ParkedDeliveries;
import org.loyaltyhub.systems.SystemRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Figures that cost a query to know, refreshed every {@code hub.ops.refresh-interval} (15 s) instead of
 * on every scrape: dead letters waiting per system ({@code hub.dead-letters.waiting{system}}, one SQL
 * for all systems) and each target's Kafka consumer lag ({@code hub.kafka.consumer.lag{system}}: latest
 * offsets minus the committed offsets of group {@code <hub.kafka.group-prefix><system>}, summed over the
 * event topics' partitions; it reads what Kafka has as committed, which for the dispatch consumer's settings
 * is only updated when the consumer stops or loses partitions, see README). Also each route's in-flight exchanges ({@code hub.routes.inflight{route}}),
 * read from Camel when scraped. The same tick makes this instance follow the systems' suspensions and take its share of
 * each system's rate limit ({@link VendorFlowControl#shareRateLimits}).
 */
@Component
public class OpsGauges implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OpsGauges.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 10;

    private final DeadLetterStore deadLetters;
    private final Admin admin;
    private final Topics topics;
    private final SystemRegistry systems;
    private final SystemRoutes routes;
    private final String groupPrefix;
    private final Duration interval;
    private final CamelContext camel;
    private final MeterRegistry meters;
    private final VendorFlowControl flow;
    private final ParkedDeliveries parkedDeliveries;
    private final IntakeBackPressure backPressure;
    private final BatchBacklog batchBacklog;
    private final Map<String, Long> waiting = new ConcurrentHashMap<>();
    private final Map<String, Long> parked = new ConcurrentHashMap<>();
    private final Set<String> inflightGauges = ConcurrentHashMap.newKeySet();
    /** Lag per system; absent until known (a broker that does not answer leaves the last figure). */
    private final Map<String, Long> lag = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ops-gauges");
        thread.setDaemon(true);
        return thread;
    });

    public OpsGauges(DeadLetterStore deadLetters, Admin admin, Topics topics, SystemRegistry systems, SystemRoutes routes,
            CamelContext camel, MeterRegistry meters, VendorFlowControl flow, ParkedDeliveries parkedDeliveries,
            IntakeBackPressure backPressure, ConsumerPauses pauses, BatchBacklog batchBacklog, @Value("${hub.kafka.group-prefix:hub-}") String groupPrefix,
            @Value("${hub.ops.refresh-interval:15s}") Duration interval) {
        this.parkedDeliveries = parkedDeliveries;
        this.batchBacklog = batchBacklog;
        this.backPressure = backPressure;
        this.deadLetters = deadLetters;
        this.admin = admin;
        this.topics = topics;
        this.systems = systems;
        this.routes = routes;
        this.groupPrefix = groupPrefix;
        this.interval = interval;
        this.camel = camel;
        this.meters = meters;
        this.flow = flow;
        for (String system : systems.names()) {
            Gauge.builder("hub.dead-letters.waiting", waiting, w -> w.getOrDefault(system, 0L))
                    .description("Dead letters waiting for an operator").tag("system", system).register(meters);
            Gauge.builder("hub.kafka.consumer.lag", lag, l -> l.getOrDefault(system, -1L).doubleValue())
                    .description("Events on Kafka not yet consumed by the system's consumer group (-1: not known yet)")
                    .tag("system", system).register(meters);
            Gauge.builder("hub.deliveries.parked", parked, p -> p.getOrDefault(system, 0L))
                    .description("Deliveries parked by key: failing heads and the events of their keys queued behind them")
                    .tag("system", system).register(meters);
            Gauge.builder("hub.kafka.consumer.paused", pauses, p -> p.isPaused(system) ? 1 : 0)
                    .description("1 while the system's Kafka consumers are paused for its open circuit")
                    .tag("system", system).register(meters);
        }
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        refresher.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waiting dead letters as last counted. */
    public long waiting(String system) {
        return waiting.getOrDefault(system, 0L);
    }

    /** Parked deliveries as last counted. */
    public long parked(String system) {
        return parked.getOrDefault(system, 0L);
    }

    /** Consumer lag as last measured; null when not known yet. */
    public Long lag(String system) {
        return lag.get(system);
    }

    void refresh() {
        // Camel's route policy counts exchanges but has no in-flight gauge; Camel's inflight repository
        // knows, read only when scraped. Routes may start after the application (camel-test), hence here.
        for (Route route : camel.getRoutes()) {
            String routeId = route.getRouteId();
            if (inflightGauges.add(routeId)) {
                Gauge.builder("hub.routes.inflight", camel, c -> c.getInflightRepository().size(routeId))
                        .description("Exchanges in flight in the route").tag("route", routeId).register(meters);
            }
        }
        try {
            flow.shareRateLimits();
        } catch (RuntimeException e) {
            log.warn("Could not share the rate limits among the instances: {}", e.getMessage());
        }
        try {
            Map<String, Long> counted = deadLetters.waitingPerTarget();
            systems.names().forEach(system -> waiting.put(system, counted.getOrDefault(system, 0L)));
        } catch (RuntimeException e) {
            log.warn("Could not count waiting dead letters: {}", e.getMessage());
        }
        try {
            Map<String, Long> counted = parkedDeliveries.parkedPerTarget();
            systems.names().forEach(system -> parked.put(system, counted.getOrDefault(system, 0L)));
        } catch (RuntimeException e) {
            log.warn("Could not count parked deliveries: {}", e.getMessage());
        }
        try {
            measureLag();
        } catch (Exception e) {
            log.warn("Could not measure Kafka consumer lag: {}", e.getMessage());
        }
        // what a target has yet to deliver: on Kafka, parked, and in batches its sender has yet to send (this
        // instance's); a lag not known yet counts as none
        Map<String, Long> backlog = new HashMap<>();
        systems.names().forEach(system -> backlog.put(system, Math.max(0, lag.getOrDefault(system, 0L))
                + parked.getOrDefault(system, 0L) + batchBacklog.events(system)));
        backPressure.measured(backlog);
        try {
            routes.reconcile();
        } catch (RuntimeException e) {
            log.warn("Could not apply system suspensions: {}", e.getMessage());
        }
    }

    private void measureLag() throws Exception {
        List<String> eventTopics = Topics.EVENT_ENTITIES.stream().map(topics::forEntity).toList();
        Map<String, TopicDescription> described = admin.describeTopics(eventTopics).allTopicNames().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Set<TopicPartition> partitions = described.values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latestSpec = new HashMap<>();
        partitions.forEach(p -> latestSpec.put(p, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = admin.listOffsets(latestSpec).all()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (String system : systems.names()) {
            if (!systems.get(system).enabled() || camel.getRoute("dispatch-" + system) == null) {
                // a system that consumes no events has no consumer group, hence no lag
                lag.remove(system);
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupPrefix + system)
                    .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long total = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                // nothing committed yet: the group starts from the earliest offset (autoOffsetReset), count all
                long consumed = offset == null ? 0 : offset.offset();
                total += Math.max(0, latest.get(partition).offset() - consumed);
            }
            lag.put(system, total);
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
