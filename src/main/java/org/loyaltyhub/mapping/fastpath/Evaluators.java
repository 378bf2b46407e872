package org.loyaltyhub.mapping.fastpath;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import com.dashjoin.jsonata.Utils.JList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The compiled forms of the subset's expressions; each evaluates as the interpreter evaluates its own. */
final class Evaluators {

    private Evaluators() {
    }

    /** An expression whose result the interpreter may still filter by index before it unwraps it. */
    abstract static class Unwrapped extends Evaluator {

        /** The result before filters and unwrapping. */
        abstract Object raw(Object input, Context context);

        @Override
        Object evaluate(Object input, Context context) {
            return Semantics.unwrap(raw(input, context));
        }
    }

    static final class Literal extends Evaluator {
        private final Object value;

        Literal(Object value) {
            this.value = value == null ? Jsonata.NULL_VALUE : value;
        }

        @Override
        Object evaluate(Object input, Context context) {
            return value;
        }
    }

    /** A field of the context item, as a path step: a list maps over its items. */
    static final class Name extends Evaluator {
        private final String name;

        Name(String name) {
            this.name = name.intern(); // the parser's field names are interned: a lookup matches them by identity
        }

        @Override
        Object evaluate(Object input, Context context) {
            return Semantics.unwrap(Semantics.lookup(input, name));
        }
    }

    /** {@code a.b.c}, {@code $x.a}: each step over every result of the one before. */
    static final class Path extends Evaluator {
        private final Evaluator[] steps;
        private final boolean fromVariable;

        Path(List<Evaluator> steps, boolean fromVariable) {
            this.steps = steps.toArray(Evaluator[]::new);
            this.fromVariable = fromVariable;
        }

        @Override
        Object evaluate(Object input, Context context) {
            List<?> sequence = input instanceof List<?> list && !fromVariable ? list : Utils.createSequence(input);
            List<Object> result = null;
            for (int i = 0; i < steps.length; i++) {
                result = Semantics.step(steps[i], sequence, context, i == steps.length - 1);
                if (result.isEmpty()) {
                    break;
                }
                sequence = result;
            }
            return Semantics.unwrap(result);
        }
    }

    /**
     * A path of field names, from the context item or after a variable ({@code code}, {@code holder.firstName},
     * {@code $config.currency}): the commonest expression of a mapping. While every value on the way is one object it
     * is a chain of lookups, without the sequences {@link Path} builds; where an array comes up, the path is evaluated
     * the interpreter's way from the start (reading variables and fields has no effect, so evaluating again is safe).
     */
    static final class NamePath extends Evaluator {
        private final Unwrapped variable;
        private final String[] names;
        private final Path general;

        /** {@code variable}: null when the path starts at the context item. */
        NamePath(Unwrapped variable, List<String> names) {
            this.variable = variable;
            this.names = names.stream().map(String::intern).toArray(String[]::new);
            List<Evaluator> steps = new java.util.ArrayList<>();
            if (variable != null) {
                steps.add(variable);
            }
            names.forEach(name -> steps.add(new Name(name)));
            this.general = new Path(steps, variable != null);
        }

        @Override
        Object evaluate(Object input, Context context) {
            Object current;
            int next;
            if (variable == null) {
                if (input instanceof List<?>) {
                    return general.evaluate(input, context);
                }
                current = Semantics.unwrap(Semantics.lookup(input, names[0]));
                next = 1;
            } else {
                current = variable.evaluate(input, context);
                next = 0;
            }
            for (; next < names.length; next++) {
                if (current == null) {
                    return null;
                }
                if (current instanceof List<?>) {
                    return general.evaluate(input, context);
                }
                current = Semantics.unwrap(Semantics.lookup(current, names[next]));
            }
            if (current instanceof List<?> list && Utils.isSequence(list)) {
                return general.evaluate(input, context);
            }
            return current; // nothing, one value, or an array kept whole as the last step's only result
        }
    }

    /** {@code $}: the context item (the message itself at the top, not the interpreter's wrapper around an array). */
    static final class ContextItem extends Unwrapped {
        @Override
        Object raw(Object input, Context context) {
            return input instanceof JList<?> list && list.outerWrapper ? list.get(0) : input;
        }
    }

    /** A variable a block binds. */
    static final class Slot extends Unwrapped {
        private final int slot;

        Slot(int slot) {
            this.slot = slot;
        }

        @Override
        Object raw(Object input, Context context) {
            return context.slots[slot];
        }
    }

    /** A variable of the evaluation: {@code $config}, {@code $headers}, {@code $$}, or one the caller binds. */
    static final class ContextVariable extends Unwrapped {
        private final String name;

        ContextVariable(String name) {
            this.name = name;
        }

        @Override
        Object raw(Object input, Context context) {
            return context.variable(name);
        }
    }

    /** {@code x[0][1]}: index filters on a value, then unwrapping. */
    static final class Indexed extends Evaluator {
        private final Unwrapped filtered;
        private final int[] indexes;

        Indexed(Unwrapped filtered, List<Number> indexes) {
            this.filtered = filtered;
            this.indexes = indexes.stream().mapToInt(Number::intValue).toArray();
        }

        @Override
        Object evaluate(Object input, Context context) {
            Object result = filtered.raw(input, context);
            for (int index : indexes) {
                result = Semantics.index(result, index);
            }
            return Semantics.unwrap(result);
        }
    }

    /** {@code [a, b]}: values appended, arrays among them flattened one level, nested constructors kept whole. */
    static final class ArrayConstructor extends Unwrapped {
        private final Evaluator[] items;
        private final boolean[] nested;

        ArrayConstructor(List<Evaluator> items, List<Boolean> nested) {
            this.items = items.toArray(Evaluator[]::new);
            this.nested = new boolean[nested.size()];
            for (int i = 0; i < this.nested.length; i++) {
                this.nested[i] = nested.get(i);
            }
        }

        @Override
        Object raw(Object input, Context context) {
            // the interpreter appends into a fresh list each time; one list filled the same way holds the same
            JList<Object> result = new JList<>(items.length);
            for (int i = 0; i < items.length; i++) {
                Object value = items[i].evaluate(input, context);
                if (value == null) {
                    continue;
                }
                if (nested[i] || !(value instanceof List<?> list)) {
                    result.add(value);
                } else {
                    result.addAll(list);
                }
            }
            return result;
        }
    }

    /**
     * {@code [a, b][n]} with one index {@code n >= 0}, the first of the spellings present: every item evaluated in
     * order as the constructor does, the n-th value of what it would hold picked without building it.
     */
    static final class PickFromArray extends Evaluator {
        private final Evaluator[] items;
        private final boolean[] nested;
        private final int index;
        /** The items when all are name paths: then the items after the one picked need not be read. */
        private final NamePath[] paths;

        PickFromArray(ArrayConstructor array, int index) {
            this.items = array.items;
            this.nested = array.nested;
            this.index = index;
            this.paths = java.util.Arrays.stream(items).allMatch(NamePath.class::isInstance)
                    ? java.util.Arrays.stream(items).map(NamePath.class::cast).toArray(NamePath[]::new) : null;
        }

        @Override
        Object evaluate(Object input, Context context) {
            if (paths != null) {
                return pickFromPaths(input, context);
            }
            Object picked = null;
            int count = 0;
            for (int i = 0; i < items.length; i++) {
                Object value = items[i].evaluate(input, context);
                if (value == null) {
                    continue;
                }
                if (nested[i] || !(value instanceof List<?> list)) {
                    if (count++ == index) {
                        picked = value;
                    }
                } else {
                    if (index >= count && index < count + list.size()) {
                        picked = list.get(index - count);
                    }
                    count += list.size();
                }
            }
            // an array picked stays whole (and is unwrapped if it is a sequence); nothing picked is nothing
            return picked instanceof List<?> ? Semantics.unwrap(picked) : picked;
        }

        private Object pickFromPaths(Object input, Context context) {
            int count = 0;
            for (int i = 0; i < paths.length; i++) {
                Object value = paths[i].evaluate(input, context);
                if (value == null) {
                    continue;
                }
                Object picked = null;
                if (nested[i] || !(value instanceof List<?> list)) {
                    if (count++ == index) {
                        picked = value;
                    }
                } else {
                    if (index < count + list.size()) {
                        picked = list.get(index - count);
                        count = index + 1;
                    } else {
                        count += list.size();
                    }
                }
                if (count > index) {
                    return picked instanceof List<?> ? Semantics.unwrap(picked) : picked;
                }
            }
            return null;
        }
    }

    /** {@code {"a": x, "b": y}}: keys are string literals, each once. */
    static final class ObjectOfNamedFields extends Evaluator {
        private final String[] keys;
        private final Evaluator[] values;
        private final ObjectConstructor general;

        /** Room for every key without growing, as HashMap sizes its table. */
        private final int capacity;

        ObjectOfNamedFields(List<String> keys, List<Evaluator> values) {
            this.capacity = (int) (keys.size() / 0.75f) + 1;
            this.keys = keys.toArray(String[]::new);
            this.values = values.toArray(Evaluator[]::new);
            this.general = new ObjectConstructor(keys.stream().<Evaluator>map(Literal::new).toList(), values, 0);
        }

        @Override
        Object evaluate(Object input, Context context) {
            if (input instanceof List<?>) {
                return general.evaluate(input, context); // the interpreter groups the items of a list
            }
            Map<String, Object> result = new LinkedHashMap<>(capacity);
            for (int i = 0; i < keys.length; i++) {
                Object value = values[i].evaluate(input, context);
                if (value != null) {
                    result.put(keys[i], value);
                }
            }
            return result;
        }
    }

    /**
     * An object constructor as the interpreter evaluates one: over each item of the context, every key; items under one
     * key are grouped, and each key's value is evaluated once over its group.
     */
    static final class ObjectConstructor extends Evaluator {
        private final Evaluator[] keys;
        private final Evaluator[] values;
        private final int position;

        ObjectConstructor(List<Evaluator> keys, List<Evaluator> values, int position) {
            this.keys = keys.toArray(Evaluator[]::new);
            this.values = values.toArray(Evaluator[]::new);
            this.position = position;
        }

        private static final class Group {
            Object data;
            final int pair;

            Group(Object data, int pair) {
                this.data = data;
                this.pair = pair;
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        Object evaluate(Object input, Context context) {
            List<Object> items = input instanceof List<?> list ? (List<Object>) list : Utils.createSequence(input);
            if (items.isEmpty()) {
                items.add(null); // as the interpreter does, into the very list it was given
            }
            Map<Object, Group> groups = new LinkedHashMap<>();
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                for (int pair = 0; pair < keys.length; pair++) {
                    Object key = keys[pair].evaluate(item, context);
                    if (key != null && !(key instanceof String)) {
                        throw new JException("T1003", position, key);
                    }
                    if (key != null) {
                        Group existing = groups.get(key);
                        if (existing == null) {
                            groups.put(key, new Group(item, pair));
                        } else if (existing.pair != pair) {
                            throw new JException("D1009", position, key);
                        } else {
                            existing.data = Functions.append(existing.data, item);
                        }
                    }
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            for (Map.Entry<Object, Group> group : groups.entrySet()) {
                Object value = values[group.getValue().pair].evaluate(group.getValue().data, context);
                if (value != null) {
                    result.put((String) group.getKey(), value);
                }
            }
            return result;
        }
    }

    static final class Condition extends Evaluator {
        private final Evaluator condition;
        private final Evaluator then;
        private final Evaluator otherwise;

        Condition(Evaluator condition, Evaluator then, Evaluator otherwise) {
            this.condition = condition;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        Object evaluate(Object input, Context context) {
            if (Jsonata.boolize(condition.evaluate(input, context))) {
                return then.evaluate(input, context);
            }
            return otherwise == null ? null : otherwise.evaluate(input, context);
        }
    }

    static final class Block extends Evaluator {
        private final Evaluator[] statements;

        Block(List<Evaluator> statements) {
            this.statements = statements.toArray(Evaluator[]::new);
        }

        @Override
        Object evaluate(Object input, Context context) {
            Object result = null;
            for (Evaluator statement : statements) {
                result = statement.evaluate(input, context);
            }
            return result;
        }
    }

    static final class Bind extends Evaluator {
        private final int slot;
        private final Evaluator value;

        Bind(int slot, Evaluator value) {
            this.slot = slot;
            this.value = value;
        }

        @Override
        Object evaluate(Object input, Context context) {
            Object result = value.evaluate(input, context);
            context.slots[slot] = result;
            return result;
        }
    }

    static final class Equality extends Evaluator {
        private final Evaluator left;
        private final Evaluator right;
        private final boolean equal;

        Equality(Evaluator left, Evaluator right, boolean equal) {
            this.left = left;
            this.right = right;
            this.equal = equal;
        }

        @Override
        Object evaluate(Object input, Context context) {
            Object l = left.evaluate(input, context);
            Object r = right.evaluate(input, context);
            return Semantics.equality(l, r, equal);
        }
    }

    static final class Comparison extends Evaluator {
        private final Evaluator left;
        private final Evaluator right;
        private final String operator;

        Comparison(Evaluator left, Evaluator right, String operator) {
            this.left = left;
            this.right = right;
            this.operator = operator;
        }

        @Override
        Object evaluate(Object input, Context context) {
            Object l = left.evaluate(input, context);
            Object r = right.evaluate(input, context);
            return Semantics.comparison(l, r, operator);
        }
    }

    static final class Includes extends Evaluator {
        private final Evaluator left;
        private final Evaluator right;

        Includes(Evaluator left, Evaluator right) {
            this.left = left;
            this.right = right;
        }

        @Override
        Object evaluate(Object input, Context context) {
            Object l = left.evaluate(input, context);
            Object r = right.evaluate(input, context);
            return Semantics.includes(l, r);
        }
    }

    /** {@code &}: both sides as strings, nothing as the empty string. */
    static final class Concatenation extends Evaluator {
        private final Evaluator left;
        private final Evaluator right;

        Concatenation(Evaluator left, Evaluator right) {
            this.left = left;
            this.right = right;
        }

        @Override
        Object evaluate(Object input, Context context) {
            Object l = left.evaluate(input, context);
            Object r = right.evaluate(input, context);
            String ls = l == null ? "" : Functions.string(l, null);
            String rs = r == null ? "" : Functions.string(r, null);
            return ls + rs;
        }
    }

    static final class Arithmetic extends Evaluator {
        private final Evaluator left;
        private final Evaluator right;
        private final char operator;

        Arithmetic(Evaluator left, Evaluator right, char operator) {
            this.left = left;
            this.right = right;
            this.operator = operator;
        }

        @Override
        Object evaluate(Object input, Context context) {
            Object l = left.evaluate(input, context);
            Object r = right.evaluate(input, context);
            return Semantics.arithmetic(l, r, operator);
        }
    }

    /**
     * {@code and}, {@code or}: the right side only when it decides; a failure there that is not a JSONata error becomes
     * one, "Unexpected", at the operator.
     */
    static final class Logical extends Evaluator {
        private final Evaluator left;
        private final Evaluator right;
        private final boolean and;
        private final int position;

        Logical(Evaluator left, Evaluator right, boolean and, int position) {
            this.left = left;
            this.right = right;
            this.and = and;
            this.position = position;
        }

        @Override
        Object evaluate(Object input, Context context) {
            Object l = left.evaluate(input, context);
            try {
                boolean decided = Jsonata.boolize(l);
                if (and) {
                    return decided && Jsonata.boolize(right.evaluate(input, context));
                }
                return decided || Jsonata.boolize(right.evaluate(input, context));
            } catch (JException e) {
                throw e;
            } catch (Exception e) {
                throw new JException("Unexpected", position);
            }
        }
    }

    static final class Negation extends Evaluator {
        private final Evaluator operand;
        private final int position;

        Negation(Evaluator operand, int position) {
            this.operand = operand;
            this.position = position;
        }

        @Override
        Object evaluate(Object input, Context context) {
            Object value = operand.evaluate(input, context);
            if (value == null) {
                return null;
            }
            if (Utils.isNumeric(value)) {
                return Utils.convertNumber(-((Number) value).doubleValue());
            }
            throw new JException("D1002", position, "-", value);
        }
    }

    /** A call of one of JSONata's functions. */
    static final class BuiltinCall extends Unwrapped {
        private final Builtins.Builtin function;
        private final Evaluator[] arguments;
        private final int position;

        BuiltinCall(Builtins.Builtin function, List<Evaluator> arguments, int position) {
            this.function = function;
            this.arguments = arguments.toArray(Evaluator[]::new);
            this.position = position;
        }

        @Override
        Object raw(Object input, Context context) {
            Object[] values = new Object[arguments.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = arguments[i].evaluate(input, context);
            }
            return function.call(values, input, position);
        }
    }

    /** {@code $exists(x)}: whether x is something (the call cannot fail). */
    static final class Exists extends Evaluator {
        private final Evaluator argument;

        Exists(Evaluator argument) {
            this.argument = argument;
        }

        @Override
        Object evaluate(Object input, Context context) {
            return argument.evaluate(input, context) != null;
        }
    }

    /** {@code $string(x)}: a string is itself; anything else is the function's call. */
    static final class StringOf extends Evaluator {
        private final Evaluator argument;
        private final Builtins.Builtin function;
        private final int position;

        StringOf(Evaluator argument, Builtins.Builtin function, int position) {
            this.argument = argument;
            this.function = function;
            this.position = position;
        }

        @Override
        Object evaluate(Object input, Context context) {
            Object value = argument.evaluate(input, context);
            if (value instanceof String text) {
                return text;
            }
            return Semantics.unwrap(function.call(new Object[] {value}, input, position));
        }
    }

    /** A call of one of the hub's functions. */
    static final class HostCall extends Unwrapped {
        private final HostFunction function;
        private final Evaluator[] arguments;
        private final int position;

        HostCall(HostFunction function, List<Evaluator> arguments, int position) {
            this.function = function;
            this.arguments = arguments.toArray(Evaluator[]::new);
            this.position = position;
        }

        @Override
        Object raw(Object input, Context context) {
            Object[] values = new Object[arguments.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = arguments[i].evaluate(input, context);
            }
            try {
                return function.call(values);
            } catch (JException e) {
                throw Builtins.locate(e, position);
            } catch (RuntimeException | Error e) {
                if (function.functionObject() && e instanceof Error) {
                    throw new RuntimeException(e); // a function object wraps what is not a runtime exception
                }
                throw e;
            }
        }
    }
}
