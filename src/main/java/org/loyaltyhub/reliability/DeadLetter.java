package org.loyaltyhub.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/** A message that could not be delivered, as operators see it. */
public record DeadLetter(
        long id,
        String eventId,
        String target,
        String routeId,
        String deliverTo,
        String eventType,
        String source,
        String subject,
        JsonNode headers,
        String payload,
        String errorType,
        String errorMessage,
        boolean permanent,
        /** The vendor may have applied the call: replayed only by an operator who checked, never by a replay of all. */
        boolean outcomeUnknown,
        int attempts,
        OffsetDateTime firstFailedAt,
        OffsetDateTime lastFailedAt,
        String status,
        int replays,
        JsonNode history) {
}
