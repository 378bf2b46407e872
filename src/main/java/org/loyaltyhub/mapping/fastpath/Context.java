package org.loyaltyhub.mapping.fastpath;

import java.util.Map;

/**
 * One evaluation's state: the message ({@code $$}), the variables the caller binds, and a slot for each variable a
 * block binds. Fresh for every evaluation, so nothing leaks between messages, mappings or threads.
 */
final class Context {

    final Object root;
    final Map<String, Object> config;
    final Map<String, Object> headers;
    final Map<String, Object> bindings;
    final Object[] slots;

    Context(Object root, Map<String, Object> config, Map<String, Object> headers, Map<String, Object> bindings, int slots) {
        this.root = root;
        this.config = config;
        this.headers = headers;
        this.bindings = bindings;
        this.slots = slots == 0 ? NO_SLOTS : new Object[slots];
    }

    private static final Object[] NO_SLOTS = new Object[0];

    /**
     * A variable no block binds, as the interpreter finds it in the evaluation's frame: the caller's bindings, which
     * were bound after {@code $config} and {@code $headers} and so win over them; {@code $$} is the message.
     */
    Object variable(String name) {
        if (name.equals("$")) {
            return root;
        }
        if (bindings.containsKey(name)) {
            return bindings.get(name);
        }
        return switch (name) {
            case "config" -> config;
            case "headers" -> headers;
            default -> null;
        };
    }
}
