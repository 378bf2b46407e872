package org.loyaltyhub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.store.CanonicalStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Newer wins: an event carries its entity's state and version (the {@code entityversion} extension) when it was
 * published, and by the time it is delivered (late, batched behind a later one, or replayed from a dead letter)
 * the hub may hold a later version. Such a delivery sends the state the hub holds now, so no target is set back to
 * an older state; a replayed dead letter whose entity moved on says so in its history. An event without a version
 * (from another producer) is sent as it is.
 */
@Component
public class CurrentStates {

    public static final String SENT_CURRENT_STATE = "sent-current-state";

    private static final Logger log = LoggerFactory.getLogger(CurrentStates.class);

    private final CanonicalStore store;
    private final DeadLetterStore deadLetters;

    public CurrentStates(CanonicalStore store, DeadLetterStore deadLetters) {
        this.store = store;
        this.deadLetters = deadLetters;
    }

    /**
     * Of the entities to deliver at the given versions (by key), those the hub holds a later version of: their current
     * state; the dead letters being replayed (by key) have it noted.
     */
    public Map<String, JsonNode> newer(String target, String entity, Map<String, Long> versions, Map<String, String> deadLetterIds) {
        Map<String, JsonNode> newer = store.newerThan(entity, versions);
        newer.keySet().forEach(key -> {
            String letter = deadLetterIds.get(key);
            if (letter != null) {
                deadLetters.note(letter, SENT_CURRENT_STATE, "the " + entity + " had changed since this letter's event (version "
                        + versions.get(key) + "): " + target + " was sent its current state, not the letter's older one");
            }
        });
        if (!newer.isEmpty()) {
            log.info("{}: {} {}(s) had moved on since their event: their current state is sent", target, newer.size(), entity);
        }
        return newer;
    }

    /** An item's version, if its event carried one. */
    static Long versionOf(String text) {
        try {
            return text == null ? null : Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null; // not the hub's: sent as it is
        }
    }
}
