package org.loyaltyhub.mapping.fastpath;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Utils;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSONata expression compiled to evaluators: evaluates as the interpreter's {@code Jsonata.evaluate(input, frame)}
 * does with {@code $config}, {@code $headers} and the caller's bindings in the frame, from the wrapping of an array
 * message and the check of the input's types to the conversion of JSON nulls in the result.
 */
public final class FastExpression {

    private final Evaluator root;
    private final int slots;
    private final Set<String> calledFunctions;

    FastExpression(Evaluator root, int slots, Set<String> calledFunctions) {
        this.root = root;
        this.slots = slots;
        this.calledFunctions = Set.copyOf(calledFunctions);
    }

    /** Names the interpreter looks up for its evaluation callbacks: a binding so named would be called at every step. */
    private static final Set<String> CALLBACKS = Set.of("__evaluate_entry", "__evaluate_exit");

    /**
     * Whether these bindings would hide a function the expression calls (a binding named {@code string}, say), or
     * be taken for one of the interpreter's callbacks: the interpreter would call the bound value, so such an
     * evaluation is the interpreter's.
     */
    public boolean hiddenBy(Map<String, Object> bindings) {
        if (bindings.isEmpty()) {
            return false;
        }
        for (String name : bindings.keySet()) {
            if (calledFunctions.contains(name) || CALLBACKS.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** The result, or an exception as the interpreter's (same type, same message); see {@link #hiddenBy}. */
    public Object evaluate(Object input, Map<String, Object> config, Map<String, Object> headers, Map<String, Object> bindings) {
        return Utils.convertNulls(evaluateKeepingNullMarkers(input, config, headers, bindings));
    }

    /**
     * The result before the interpreter's last step, which turns its JSON-null marker ({@code Jsonata.NULL_VALUE})
     * into Java null throughout: for a caller that reads the result once and treats the marker as null itself.
     */
    public Object evaluateKeepingNullMarkers(Object input, Map<String, Object> config, Map<String, Object> headers,
            Map<String, Object> bindings) {
        Context context = new Context(input, config, headers, bindings, slots);
        Object item = input;
        if (item instanceof List<?> && !Utils.isSequence(item)) {
            // the interpreter evaluates an array message inside a sequence of one, which $ sees through
            Utils.JList<?> wrapper = (Utils.JList<?>) Utils.createSequence(item);
            wrapper.outerWrapper = true;
            item = wrapper;
        }
        Functions.validateInput(item);
        return root.evaluate(item, context);
    }
}
