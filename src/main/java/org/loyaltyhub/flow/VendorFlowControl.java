package org.loyaltyhub.flow;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.loyaltyhub.systems.SystemRegistry;
import org.loyaltyhub.systems.SystemSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every vendor call passes (an exec-chain handler of the HTTP clients of Camel's http components), per system:
 * <ul>
 * <li>a circuit breaker: after {@code hub.ops.open-circuit-after} failed calls in a row (no answer, 5xx, 429) the
 * system's calls stop for {@code hub.systems.<name>.circuit-open-for}; then one probe call goes, and its success
 * closes the circuit. A call refused while it is open never left the hub ({@code CallNotPermittedException});</li>
 * <li>{@code rate-limit}: at most that many calls a second, across the instances of the hub (the limit is divided by
 * the instances alive on the database, re-read every {@code hub.ops.refresh-interval});</li>
 * <li>{@code max-concurrent-calls}: at most that many calls at once from this instance.</li>
 * </ul>
 * A 429 or 503 with {@code Retry-After} opens the system's circuit for that long (at most {@link #LONGEST_RETRY_AFTER}):
 * the vendor asked the hub, not one call, to wait. Whoever must stop while a circuit is open (the system's Kafka
 * consumers) learns of it through {@link #onCircuitOpened}.
 * A call waits for its turn under the limits (up to {@link #LONGEST_WAIT}); one that waited too long fails
 * without having been sent, and is retried by the error policy.
 */
public class VendorFlowControl implements ExecChainHandler {

    /** How long a call waits for the rate limit or a free slot before it fails unsent. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
    /** The longest Retry-After honoured: a vendor asking for more is asked again after this. */
    public static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(VendorFlowControl.class);

    private final SystemRegistry systems;
    private final SystemOfUrl systemOf;
    private final IntSupplier liveInstances;
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final Map<String, Integer> sharedBy = new ConcurrentHashMap<>();
    private final int openCircuitAfter;
    private static final ThreadLocal<Boolean> RETRYING_ONE_KEY = ThreadLocal.withInitial(() -> false);
    private final List<Consumer<String>> openListeners = new CopyOnWriteArrayList<>();
    /** When each open circuit lets calls out again (System.nanoTime); a vendor's Retry-After sets it, else circuit-open-for. */
    private final Map<String, Long> reopensAt = new ConcurrentHashMap<>();

    /** The system a request's URL belongs to, or null for a URL of no system. */
    @FunctionalInterface
    public interface SystemOfUrl {
        String systemOf(String url);
    }

    public VendorFlowControl(SystemRegistry systems, SystemOfUrl systemOf, IntSupplier liveInstances, int openCircuitAfter,
            MeterRegistry meters) {
        this.systems = systems;
        this.systemOf = systemOf;
        this.liveInstances = liveInstances;
        this.openCircuitAfter = openCircuitAfter;
        breakers.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher().onStateTransition(transition -> {
            if (transition.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                String system = transition.getCircuitBreakerName();
                reopensAt.putIfAbsent(system, System.nanoTime() + openFor(system).toNanos());
                openListeners.forEach(listener -> listener.accept(system));
            } else {
                reopensAt.remove(transition.getCircuitBreakerName());
            }
        }));
        for (String system : systems.names()) {
            breakerOf(system);
            SystemSettings.Flow flow = systems.get(system).flow();
            if (flow.rateLimit() > 0) {
                rateLimiters.rateLimiter(system, rateLimiterConfig(flow.rateLimit(), 1));
                sharedBy.put(system, 1);
            }
            if (flow.maxConcurrentCalls() > 0) {
                bulkheads.bulkhead(system, BulkheadConfig.custom().maxConcurrentCalls(flow.maxConcurrentCalls())
                        .maxWaitDuration(LONGEST_WAIT).build());
            }
        }
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(rateLimiters).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        String system;
        try {
            system = systemOf.systemOf(request.getUri().toString());
        } catch (java.net.URISyntaxException e) {
            system = null;
        }
        if (system == null || !systems.exists(system)) {
            return chain.proceed(request, scope);
        }
        CircuitBreaker breaker = breakerOf(system);
        breaker.acquirePermission();
        Bulkhead bulkhead = bulkheads.find(system).orElse(null);
        try {
            rateLimiters.find(system).ifPresent(RateLimiter::waitForPermission);
            if (bulkhead != null) {
                bulkhead.acquirePermission();
            }
        } catch (RuntimeException notSent) {
            breaker.releasePermission();
            throw notSent;
        }
        long start = System.nanoTime();
        try {
            ClassicHttpResponse response = chain.proceed(request, scope);
            int status = response.getCode();
            if (status >= 500 || status == 429) {
                failed(breaker, start, new VendorUnavailable(system, status));
                Duration retryAfter = retryAfter(response);
                if ((status == 429 || status == 503) && !retryAfter.isZero()) {
                    reopensAt.put(system, System.nanoTime() + retryAfter.toNanos());
                    breaker.transitionToOpenStateFor(retryAfter);
                }
            } else {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            return response;
        } catch (IOException | HttpException | RuntimeException failure) {
            failed(breaker, start, failure);
            throw failure;
        } finally {
            if (bulkhead != null) {
                bulkhead.onComplete();
            }
        }
    }

    /**
     * A failed call counts towards opening the circuit, unless it retried one key already known to fail while the
     * circuit is closed: a card the vendor refuses alone, retried on its backoff while the other cards go through, would
     * otherwise open the circuit for every card as soon as nothing else is being sent. A half-open circuit's probe
     * counts whatever it carries: its failure opens the circuit again.
     */
    private static void failed(CircuitBreaker breaker, long start, Throwable failure) {
        if (RETRYING_ONE_KEY.get() && breaker.getState() == CircuitBreaker.State.CLOSED) {
            breaker.releasePermission();
        } else {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
        }
    }

    /**
     * Runs {@code calls} (on this thread) as the retry of one key that failed before: their failures do not count
     * towards opening a closed circuit; as a half-open circuit's probe they count, and so do their successes.
     */
    public static void retryingOneKey(Runnable calls) {
        RETRYING_ONE_KEY.set(true);
        try {
            calls.run();
        } finally {
            RETRYING_ONE_KEY.remove();
        }
    }

    /** Whole seconds of a {@code Retry-After} header (the vendors send seconds), capped; zero when there is none. */
    static Duration retryAfter(ClassicHttpResponse response) {
        org.apache.hc.core5.http.Header header = response.getFirstHeader("Retry-After");
        String value = header == null || header.getValue() == null ? "" : header.getValue().trim();
        if (!value.matches("\\d{1,9}")) {
            return Duration.ZERO;
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(value));
        return asked.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : asked;
    }

    /** Calls {@code listener} with the system's name each time its circuit opens (on the thread whose call opened it). */
    public void onCircuitOpened(Consumer<String> listener) {
        openListeners.add(listener);
    }

    /**
     * Whether the system's circuit would let a call out now: closed, or open past its wait (then half-open, its probe
     * not yet taken). Asks without keeping the permission.
     */
    public boolean permitsCalls(String system) {
        CircuitBreaker breaker = breakerOf(system);
        if (breaker.getState() == CircuitBreaker.State.CLOSED) {
            return true;
        }
        if (breaker.tryAcquirePermission()) {
            breaker.releasePermission();
            return true;
        }
        return false;
    }

    /** How long until the system's open circuit lets a call out (zero when it is not open, or its wait is over). */
    public Duration untilCallsPermitted(String system) {
        Long at = reopensAt.get(system);
        if (at == null || breakerOf(system).getState() != CircuitBreaker.State.OPEN) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, at - System.nanoTime()));
    }

    private Duration openFor(String system) {
        return systems.exists(system) ? systems.get(system).flow().circuitOpenFor() : Duration.ofSeconds(30);
    }

    /** The state of the system's circuit: CLOSED, OPEN or HALF_OPEN (and the library's others). */
    public CircuitBreaker.State circuitOf(String system) {
        return breakerOf(system).getState();
    }

    public int openCircuitAfter() {
        return openCircuitAfter;
    }

    /** The calls a second this instance may make to the system now (its share of the rate limit); 0 for no limit. */
    public double rateLimitOf(String system) {
        return rateLimiters.find(system).map(limiter -> limiter.getRateLimiterConfig().getLimitForPeriod()
                * 1000.0 / limiter.getRateLimiterConfig().getLimitRefreshPeriod().toMillis()).orElse(0.0);
    }

    /**
     * Shares each rate limit among the instances alive now: with n of them, each takes 1/n of it. Called every
     * refresh interval; an instance that joins or dies is seen at the next one (the tolerance of the cluster-wide limit).
     */
    public void shareRateLimits() {
        int instances = Math.max(1, liveInstances.getAsInt());
        for (Map.Entry<String, Integer> shared : sharedBy.entrySet()) {
            String system = shared.getKey();
            if (shared.getValue() == instances) {
                continue;
            }
            // a limiter's refresh period is fixed once made: a new one replaces it
            rateLimiters.replace(system, RateLimiter.of(system, rateLimiterConfig(systems.get(system).flow().rateLimit(), instances)));
            shared.setValue(instances);
            log.info("Rate limit of {} shared by {} instance(s): {} call(s) a second here", system, instances,
                    String.format(java.util.Locale.ROOT, "%.2f", rateLimitOf(system)));
        }
    }

    /**
     * A limit of {@code rate / instances} calls a second as Resilience4j counts it, a whole number of calls per refresh
     * period. The periods are short (one call each up to 100 calls a second) so that calls are spread evenly: with
     * 5 calls per 1 s period, 5 could go at the end of one period and 5 at the start of the next, 10 within a second.
     */
    static RateLimiterConfig rateLimiterConfig(double rate, int instances) {
        double share = rate / instances;
        int calls = Math.max(1, (int) Math.ceil(share / 100));
        long periodMillis = Math.max(1, Math.round(calls * 1000.0 / share));
        return RateLimiterConfig.custom().limitForPeriod(calls).limitRefreshPeriod(Duration.ofMillis(periodMillis))
                .timeoutDuration(LONGEST_WAIT).build();
    }

    CircuitBreaker breakerOf(String system) {
        return breakers.circuitBreaker(system, () -> newBreakerConfig(system));
    }

    private CircuitBreakerConfig newBreakerConfig(String system) {
        return CircuitBreakerConfig.custom()
                // n failures in a row: a window of the last n calls, all of them failed
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(openCircuitAfter)
                .minimumNumberOfCalls(openCircuitAfter)
                .failureRateThreshold(100)
                .waitDurationInOpenState(openFor(system))
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
    }

    /** A vendor's answer that counts as a failure of the system (5xx, 429), for the breaker only. */
    static final class VendorUnavailable extends RuntimeException {
        VendorUnavailable(String system, int status) {
            super(system + " answered " + status, null, false, false);
        }
    }
}
