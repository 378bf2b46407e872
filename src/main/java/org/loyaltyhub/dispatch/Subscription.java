package org.loyaltyhub.dispatch;

import com.dashjoin.jsonata.Jsonata;

/**
 * One line of {@code subscriptions.yaml}: events of {@code type} go to {@code target} through its route
 * {@code direct:<deliver>}, when the optional condition holds for the canonical body.
 */
public record Subscription(String id, String type, String target, String deliver, String condition, Jsonata compiledCondition,
        String location) {

    boolean accepts(Object canonicalTree) {
        if (compiledCondition == null) {
            return true;
        }
        Jsonata.Frame frame = compiledCondition.createFrame();
        return Boolean.TRUE.equals(compiledCondition.evaluate(canonicalTree, frame));
    }
}
