package org.loyaltyhub.reliability;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.loyaltyhub.canonical.CanonicalValidationException;
import org.loyaltyhub.exchange.DeliveryItem;
import org.loyaltyhub.flow.VendorFlowControl;
import org.loyaltyhub.mapping.MappingException;
import org.loyaltyhub.systems.SystemActivity;
import org.loyaltyhub.systems.SystemRegistry;
import org.loyaltyhub.systems.SystemSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one error policy of every outbound call, used by the {@code delivery-error-policy} route
 * configuration: retryable failures (connection and read errors, 5xx, 408, 429, vendor errors marked
 * retryable) are redelivered with exponential backoff with jitter up to the target system's limits,
 * honouring Retry-After; everything else goes straight to the dead-letter queue. A call whose outcome is unknown
 * is not repeated blindly: the delivery reads the vendor first, or parks it ({@link OutcomeUnknownException}).
 */
@Component("errorPolicy")
public class ErrorPolicy {

    /**
     * Exchange properties counting a delivery's failed attempts and the time of its first failure: the dead-letter
     * channel restores the original message (and with it drops Camel's redelivery header), properties survive.
     */
    public static final String ATTEMPTS = "hubAttempts";
    /**
     * Exchange property of a call that must not be repeated blindly (a create: the vendor takes no idempotency key):
     * it is retried in place only after a failure that certainly changed nothing ({@link #neverApplied}); any other
     * failure ends the redelivery, and the route's error handling settles the outcome its own way.
     */
    public static final String REPEAT_ONLY_IF_NEVER_APPLIED = "hubRepeatOnlyIfNeverApplied";
    public static final String FIRST_FAILED_AT = "hubFirstFailedAt";
    private static final String WAITED = "hubWaitedRedeliveries";

    private static final Logger log = LoggerFactory.getLogger(ErrorPolicy.class);
    private static final Duration LONGEST_RETRY_AFTER = VendorFlowControl.LONGEST_RETRY_AFTER;
    /** How long a delivery waits for an open circuit (parked, without spending attempts) before it becomes a dead letter. */
    static final Duration CIRCUIT_PATIENCE = Duration.ofMinutes(10);

    private final SystemRegistry systems;
    private final SystemActivity activity;
    private final ParkedDeliveries parking;
    private final VendorFlowControl flow;

    public ErrorPolicy(SystemRegistry systems, SystemActivity activity, ParkedDeliveries parking, VendorFlowControl flow) {
        this.flow = flow;
        this.systems = systems;
        this.activity = activity;
        this.parking = parking;
    }

    /**
     * The target of a delivery: the header, or the exchange property of the same name, which survives
     * the dead-letter channel restoring the original message.
     */
    public static String targetOf(Exchange exchange) {
        String target = exchange.getMessage().getHeader(DeliveryItem.HEADER_TARGET, String.class);
        return target != null ? target : exchange.getProperty(DeliveryItem.HEADER_TARGET, String.class);
    }

    /** The route in which a delivery failed, for dead letters and for delivering a batch's items again. */
    public static String failedRouteOf(Exchange exchange) {
        String failed = exchange.getProperty(org.apache.camel.ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
        return failed != null ? failed : exchange.getFromRouteId();
    }

    /**
     * What the vendor did, when a failure is the vendor's (an HTTP error answer, no answer, a vendor
     * error code); null when it is the hub's own (mapping, schema, store). Feeds the system's health.
     */
    public static String vendorError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                return "HTTP " + http.getStatusCode();
            }
            if (cause instanceof VendorRejectedException || cause instanceof IOException || cause instanceof TimeoutException) {
                return cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
        }
        return null;
    }

    public static boolean isRetryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                int status = http.getStatusCode();
                return status >= 500 || status == 429 || status == 408;
            }
            if (cause instanceof VendorRejectedException vendor) {
                return vendor.retryable();
            }
            if (cause instanceof MappingException || cause instanceof CanonicalValidationException
                    || cause instanceof IllegalArgumentException) {
                return false;
            }
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return true;
            }
        }
        // unknown failures (a database hiccup, say) are retried: a retry loses nothing, a drop would
        return true;
    }

    /**
     * Whether a failed call certainly changed nothing at the vendor: it never reached it (no connection), or the
     * vendor said it did not take it: a 4xx refusal, 429 (too many requests) or 503 (unavailable), or a refusal in
     * its own terms inside a successful answer. Anything else (no answer, a reset after sending, 500, 502, 504, an
     * answer that cannot be read) leaves the outcome unknown: the vendor may have applied the call.
     */
    public static boolean neverApplied(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OutcomeUnknownException) {
                return false;
            }
            if (cause instanceof HttpOperationFailedException http) {
                int status = http.getStatusCode();
                return status < 500 || status == 503;
            }
            // held back by the system's flow control (circuit open, rate limit, no free slot): never sent
            if (cause instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException
                    || cause instanceof io.github.resilience4j.ratelimiter.RequestNotPermitted
                    || cause instanceof io.github.resilience4j.bulkhead.BulkheadFullException) {
                return true;
            }
            // httpclient's connect timeout is a SocketTimeoutException, but the request never left
            if (cause instanceof VendorRejectedException || cause instanceof java.net.ConnectException
                    || cause instanceof org.apache.hc.client5.http.ConnectTimeoutException
                    || cause instanceof java.net.UnknownHostException || cause instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code retryWhile} predicate. Camel counts redeliveries in {@code CamelRedeliveryCounter}
     * (1 before the first retry); the delay of the retry it allows is set in {@code CamelRedeliveryDelay}. A one-event
     * delivery retries in place only within {@link ParkedDeliveries#holdAtMost()}: a longer wait parks its key
     * (false here, and {@link ParkedDeliveries#parks} true), so that its consumer moves on.
     */
    public boolean shouldRetry(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        String target = targetOf(exchange);
        SystemSettings.Retry retry = target != null && systems.exists(target)
                ? systems.get(target).retry() : new SystemSettings.Retry(3, Duration.ofMillis(500), 2.0, Duration.ofSeconds(10));
        // the in message: a call whose answer broke off mid-body leaves an empty reply as the exchange's message
        // redeliveries spent waiting (for a poll, for an open circuit) sent nothing and do not count as attempts; a parked
        // delivery brings the attempts it spent before
        int redelivery = attemptsSpent(exchange);
        exchange.setProperty(ATTEMPTS, Math.max(1, redelivery));
        if (exchange.getProperty(FIRST_FAILED_AT) == null) {
            exchange.setProperty(FIRST_FAILED_AT, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
        }
        long delay;
        AwaitingPollException awaiting = AwaitingPollException.in(failure);
        if (awaiting != null) {
            delay = waitForPoll(exchange, awaiting, target);
        } else if (circuitOpen(failure) && target != null && systems.exists(target)) {
            delay = waitForCircuit(exchange, target);
        } else if (!isRetryable(failure) || redelivery >= retry.maxAttempts()
                || exchange.getProperty(REPEAT_ONLY_IF_NEVER_APPLIED, false, Boolean.class) && !neverApplied(failure)) {
            return false;
        } else {
            delay = delayMillis(retry, redelivery, failure);
            activity.retried(String.valueOf(target), vendorError(failure));
            log.warn("Delivery to {} failed ({}), retry {} of {} in {} ms", target, describe(failure), redelivery,
                    retry.maxAttempts() - 1, delay);
        }
        return delay >= 0 && retryOrPark(exchange, delay);
    }

    private static int attemptsSpent(Exchange exchange) {
        return exchange.getProperty(ParkedDeliveries.PRIOR_ATTEMPTS, 0, Integer.class)
                + exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class)
                - exchange.getProperty(WAITED, 0, Integer.class);
    }

    /** Retries in place after the delay, or, for a delivery that would hold its consumer too long, parks it. */
    private boolean retryOrPark(Exchange exchange, long delay) {
        if (exchange.getProperty(ParkedDeliveries.PARKABLE, false, Boolean.class)) {
            java.time.OffsetDateTime since = exchange.getProperty(FIRST_FAILED_AT, java.time.OffsetDateTime.class);
            long held = Duration.between(since, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)).toMillis();
            // a parked delivery is tried once per lease: its next attempt is parked too
            if (exchange.getProperty(ParkedDeliveries.PARKED_ID) != null || held + delay > parking.holdAtMost().toMillis()) {
                exchange.setProperty(ParkedDeliveries.PARK_FOR, delay);
                exchange.setProperty(ParkedDeliveries.PARK_ATTEMPTS, attemptsSpent(exchange));
                return false;
            }
        }
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, delay);
        return true;
    }

    /**
     * Checks again twice a poll interval (at most every 5 s: a check is one query), until the wait has lasted longer
     * than the exception's patience (-1).
     */
    private long waitForPoll(Exchange exchange, AwaitingPollException awaiting, String target) {
        java.time.OffsetDateTime since = exchange.getProperty(FIRST_FAILED_AT, java.time.OffsetDateTime.class);
        if (Duration.between(since, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)).compareTo(awaiting.patience()) > 0) {
            return -1;
        }
        log.debug("Delivery to {} waits for its next poll: {}", target, awaiting.getMessage());
        exchange.setProperty(WAITED, exchange.getProperty(WAITED, 0, Integer.class) + 1);
        return Math.min(5_000L, Math.max(50L, awaiting.pollInterval().toMillis() / 2));
    }

    /**
     * A call the system's open circuit did not let out waits for the circuit's probe without spending the retry budget
     * (no call reached the vendor): until the circuit lets calls out, for up to {@link #CIRCUIT_PATIENCE}.
     */
    private long waitForCircuit(Exchange exchange, String target) {
        java.time.OffsetDateTime since = exchange.getProperty(FIRST_FAILED_AT, java.time.OffsetDateTime.class);
        if (Duration.between(since, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)).compareTo(CIRCUIT_PATIENCE) > 0) {
            return -1;
        }
        exchange.setProperty(WAITED, exchange.getProperty(WAITED, 0, Integer.class) + 1);
        // until the circuit's wait is over (a vendor's Retry-After can make it minutes: the delivery parks for it)
        return Math.max(50L, flow.untilCallsPermitted(target).toMillis());
    }

    static boolean circuitOpen(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException) {
                return true;
            }
        }
        return false;
    }

    /** Exponential backoff with equal jitter (half fixed, half random), never shorter than the vendor's Retry-After. */
    static long delayMillis(SystemSettings.Retry retry, int redelivery, Throwable failure) {
        double exponential = retry.initialDelay().toMillis() * Math.pow(retry.multiplier(), Math.max(0, redelivery - 1));
        long ceiling = (long) Math.min(exponential, retry.maxDelay().toMillis());
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        return Math.max(jittered, retryAfterMillis(failure));
    }

    static long retryAfterMillis(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http && http.getResponseHeaders() != null) {
                // header names are case-insensitive; Camel hands them over as the vendor spelled them
                for (java.util.Map.Entry<String, String> header : http.getResponseHeaders().entrySet()) {
                    String value = header.getValue() == null ? "" : header.getValue().trim();
                    if ("Retry-After".equalsIgnoreCase(header.getKey()) && value.matches("\\d+")) {
                        // more than 6 digits is beyond any cap: no need to parse (or overflow)
                        return value.length() > 6 ? LONGEST_RETRY_AFTER.toMillis()
                                : Math.min(Long.parseLong(value) * 1000, LONGEST_RETRY_AFTER.toMillis());
                    }
                }
            }
        }
        return 0;
    }

    /** The exchange's caught failure as {@link #describe} gives it: for log lines (a URL's query may hold a credential). */
    public String describeCaught(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return describe(failure != null ? failure : exchange.getException());
    }

    static String describe(Throwable failure) {
        if (failure instanceof HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode();
        }
        if (failure == null) {
            return "unknown";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String description = failure.getClass().getSimpleName() + ": " + safeMessage(failure);
        return root == failure || databaseError(failure) != null ? description
                : description + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /**
     * A failure's text fit for a dead letter, {@code loyalty.dlq} and the log: a database error says only its SQL
     * state and the constraint it broke, never PostgreSQL's detail (which quotes the row's key values).
     */
    public static String safeMessage(Throwable failure) {
        if (failure == null) {
            return "unknown";
        }
        java.sql.SQLException database = databaseError(failure);
        if (database == null) {
            return String.valueOf(failure.getMessage());
        }
        String constraint = database instanceof org.postgresql.util.PSQLException postgres && postgres.getServerErrorMessage() != null
                ? postgres.getServerErrorMessage().getConstraint() : null;
        return "database error " + database.getSQLState() + (constraint == null ? "" : ", constraint " + constraint);
    }

    private static java.sql.SQLException databaseError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
