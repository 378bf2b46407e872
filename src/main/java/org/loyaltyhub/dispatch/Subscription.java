package org.loyaltyhub.dispatch;

import java.util.Map;
import org.loyaltyhub.mapping.CompiledMapping;

/**
 * One line of {@code subscriptions.yaml}: events of {@code type} go to {@code target} through its route
 * {@code direct:<deliver>}, when the optional condition holds for the canonical body.
 */
public record Subscription(String id, String type, String target, String deliver, String condition, CompiledMapping compiledCondition,
        String location) {

    /** Whether an event's canonical body (maps and lists) meets the condition. */
    public boolean accepts(Object canonicalTree) {
        if (compiledCondition == null) {
            return true;
        }
        return Boolean.TRUE.equals(compiledCondition.evaluate(canonicalTree, Map.of(), Map.of(), Map.of()));
    }
}
