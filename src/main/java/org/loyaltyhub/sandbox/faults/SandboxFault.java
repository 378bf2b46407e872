package org.loyaltyhub.sandbox.faults;

import org.loyaltyhub.sandbox.SandboxProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * A fault injected into one sandbox system: the JSON body of {@code PUT /sandbox/<system>/_faults} and the shape of
 * {@code hub.sandbox.faults.<system>.*}.
 *
 * @param status status answered instead of the vendor's answer; null to let the call through (delay only)
 * @param rate share of calls that fail, 0..1 (default 1: every call)
 * @param delayMs pause before every call of the system is answered, failed or not
 * @param timeout whether failing calls hang for {@link SandboxFaultFilter#HANG} first, so that clients time out
 * @param retryAfterSeconds {@code Retry-After} sent with an injected 429 or 503; null for none
 * @param mode a behaviour real vendors show (see {@link Mode}); null for none. It replaces {@code status}
 * @param variant which form of the mode (see {@link Mode#variants()}); null for the mode's first
 * @param path only calls whose path under {@code /sandbox/<system>} starts with this are faulted; null for all
 * @param dripMs how long a {@link Mode#SLOW_DRIP} answer trickles (default 3000)
 */
public record SandboxFault(Integer status, Double rate, Long delayMs, Boolean timeout, Integer retryAfterSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) Mode mode,
        @JsonInclude(JsonInclude.Include.NON_NULL) String variant,
        @JsonInclude(JsonInclude.Include.NON_NULL) String path,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long dripMs) {

    /** What real vendors do that a well-behaved simulator would not. */
    public enum Mode {
        /** The call takes effect, then no answer: the connection hangs past the client's timeout, or is cut. */
        @JsonProperty("applied-no-answer") APPLIED_NO_ANSWER("hang", "reset"),
        /** A JSON-array call is answered with fewer items (half) than were sent; the rest applied or not. */
        @JsonProperty("partial-bulk") PARTIAL_BULK("rest-applied", "rest-not-applied"),
        /** A JSON-array call: the items before the last one are applied, then the last is refused with 400. */
        @JsonProperty("non-atomic-bulk") NON_ATOMIC_BULK(),
        /** Creates never refuse a duplicate: a repeated create makes a second entity. */
        @JsonProperty("duplicates-accepted") DUPLICATES_ACCEPTED(),
        /** The body of a GET never arrives, as a proxy would drop it. */
        @JsonProperty("body-dropped") BODY_DROPPED(),
        /** The call takes effect, then 200 with {@code {}}, {@code []}, or the real answer cut in half. */
        @JsonProperty("nonsense") NONSENSE("empty-object", "empty-list", "truncated"),
        /** The real answer, trickling over {@code dripMs}. */
        @JsonProperty("slow-drip") SLOW_DRIP();

        private final List<String> variants;

        Mode(String... variants) {
            this.variants = List.of(variants);
        }

        public List<String> variants() {
            return variants;
        }
    }

    @ConstructorBinding // the other constructor is a shorthand, not a way to bind hub.sandbox.faults.*
    public SandboxFault {
        rate = rate == null ? 1.0 : rate;
        delayMs = delayMs == null ? 0L : delayMs;
        timeout = timeout != null && timeout;
        if (mode != null && variant == null && !mode.variants().isEmpty()) {
            variant = mode.variants().get(0);
        }
        if (mode == Mode.SLOW_DRIP && dripMs == null) {
            dripMs = 3000L;
        }
    }

    /** A fault without a vendor behaviour: a status, a share, a delay, a hang. */
    public SandboxFault(Integer status, Double rate, Long delayMs, Boolean timeout, Integer retryAfterSeconds) {
        this(status, rate, delayMs, timeout, retryAfterSeconds, null, null, null, null);
    }

    /** A vendor behaviour on every call of the system. */
    public static SandboxFault of(Mode mode, String variant) {
        return new SandboxFault(null, null, null, null, null, mode, variant, null, null);
    }

    /** What makes this fault unusable; empty when it is valid. */
    public List<SandboxProblem> problems() {
        List<SandboxProblem> problems = new ArrayList<>();
        if (status != null && (status < 100 || status > 599)) {
            problems.add(new SandboxProblem(null, "status", "must be an HTTP status between 100 and 599, was " + status));
        }
        if (!(rate >= 0.0 && rate <= 1.0)) { // also refuses NaN
            problems.add(new SandboxProblem(null, "rate", "must be between 0 and 1, was " + rate));
        }
        if (delayMs < 0) {
            problems.add(new SandboxProblem(null, "delayMs", "must not be negative, was " + delayMs));
        }
        if (retryAfterSeconds != null && retryAfterSeconds < 0) {
            problems.add(new SandboxProblem(null, "retryAfterSeconds", "must not be negative, was " + retryAfterSeconds));
        }
        if (variant != null && (mode == null || !mode.variants().contains(variant))) {
            problems.add(new SandboxProblem(null, "variant", mode == null ? "needs a mode"
                    : "must be one of " + mode.variants() + " for " + mode + ", was " + variant));
        }
        if (mode != null && status != null) {
            problems.add(new SandboxProblem(null, "status", "a mode decides the answer itself; give one or the other"));
        }
        if (dripMs != null && dripMs < 0) {
            problems.add(new SandboxProblem(null, "dripMs", "must not be negative, was " + dripMs));
        }
        if (path != null && !path.startsWith("/")) {
            problems.add(new SandboxProblem(null, "path", "must start with / (the vendor's path), was " + path));
        }
        return problems;
    }

    /** Keys a fault's JSON may have; a misspelt one would otherwise leave the fault silently without effect. */
    static final Set<String> KEYS = Set.of("status", "rate", "delayMs", "timeout", "retryAfterSeconds", "mode", "variant",
            "path", "dripMs");

    Duration delay() {
        return Duration.ofMillis(delayMs);
    }

    /** Whether an injected answer carries {@code Retry-After}: only where HTTP gives it a meaning here. */
    boolean sendsRetryAfter() {
        return retryAfterSeconds != null && status != null && (status == 429 || status == 503);
    }

    /** Whether the fault concerns a call to this vendor path (the path under {@code /sandbox/<system>}). */
    boolean covers(String vendorPath) {
        return path == null || vendorPath.startsWith(path);
    }
}
