package org.loyaltyhub.systems;

import java.time.Duration;
import java.util.Map;

/**
 * One system's settings. The typed part drives the generic machinery; {@code raw} is everything under
 * {@code hub.systems.<name>} with camelCase keys, handed to mappings as {@code $config}.
 */
public record SystemSettings(
        String name,
        boolean enabled,
        String baseUrl,
        Duration pollInterval,
        Duration connectTimeout,
        Duration readTimeout,
        Retry retry,
        Batch batch,
        Map<String, Object> raw) {

    /** Redelivery limits of the one error policy, per system. */
    public record Retry(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {
    }

    /** Size and time bounds of an aggregated (bulk) delivery. */
    public record Batch(int size, Duration timeout) {
    }
}
