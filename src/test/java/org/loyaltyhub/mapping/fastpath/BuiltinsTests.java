package org.loyaltyhub.mapping.fastpath;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The direct calls of JSONata's functions against the interpreter's way of calling them (signature validation, then
 * the function object): for every argument list a direct call takes, the same result (classes included) or the
 * same failure.
 */
class BuiltinsTests {

    private static final Object CONTEXT = Map.of("context", "item");

    @Test
    void directCallsAreTheInterpretersCalls() {
        List<Object> values = values();
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, List<Integer>> function : Builtins.direct().entrySet()) {
            for (int arity : function.getValue()) {
                Builtins.Builtin builtin = Builtins.forCall(function.getKey(), arity).orElseThrow();
                for (Object[] args : combinations(values, arity)) {
                    if (!builtin.direct(args)) {
                        continue;
                    }
                    compared++;
                    String direct = outcome(() -> builtin.callDirectly(args.clone()));
                    String interpreted = outcome(() -> builtin.callAsInterpreter(args.clone(), CONTEXT));
                    if (!direct.equals(interpreted)) {
                        differences.add("$" + function.getKey() + describe(args) + ": direct " + direct + ", interpreter " + interpreted);
                    }
                }
            }
        }
        assertThat(compared).as("argument lists compared").isGreaterThan(1000);
        assertThat(differences).as(differences.size() + " differ: " + differences.stream().limit(10).toList()).isEmpty();
    }

    @Test
    void functionsTheFastPathCallsAreTheInterpretersFunctionObjects() {
        for (String name : List.of("string", "exists", "lookup", "merge", "toMillis", "error")) {
            assertThat(Builtins.forCall(name, 1)).as(name).isPresent();
        }
        assertThat(Builtins.forCall("map", 2)).as("a higher-order function stays on the interpreter").isEmpty();
        assertThat(Builtins.forCall("now", 0)).as("a function of the evaluation's time stays on the interpreter").isEmpty();
        assertThat(Builtins.forCall("noSuchFunction", 1)).isEmpty();
        assertThat(Builtins.isDefined("string")).isTrue();
        assertThat(Builtins.isDefined("card")).isFalse();
    }

    @Test
    void anErrorWithoutPositionIsPlacedAtTheCall() {
        JException located = Builtins.locate(new JException("D3137", -1, "boom"), 17);
        assertThat(located.getLocation()).isEqualTo(17);
        assertThat(located.getMessage()).isEqualTo(new JException("D3137", -1, "boom").getMessage());
        JException placed = new JException("T0410", 3, "x");
        assertThat(Builtins.locate(placed, 17)).isSameAs(placed);
    }

    private static List<Object> values() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("a", 1);
        object.put("n", null);
        List<Object> mixed = new ArrayList<>(List.of(1, "a"));
        mixed.add(null);
        List<Object> sequence = Utils.createSequence();
        sequence.add(1);
        sequence.add(2);
        List<Object> one = Utils.createSequence(3);
        Utils.JList<Object> constructed = new Utils.JList<>(List.of("x", "y"));
        constructed.cons = true;
        List<Object> values = new ArrayList<>();
        values.add(null);
        values.addAll(List.of(Jsonata.NULL_VALUE, "", "abc", " 12 ", "1.5", "0x1F", "true", "ÄbC 😀", "-3", "1e400", 0, 1, -1, 7,
                12345678901234L, 1.5, -0.0, 2.0, 1e21, true, false, Map.of(), object, List.of(), mixed, sequence, one, constructed,
                new BigDecimal("1.50"), Double.NaN));
        return values;
    }

    private static List<Object[]> combinations(List<Object> values, int arity) {
        List<Object[]> all = new ArrayList<>();
        all.add(new Object[arity]);
        for (int position = 0; position < arity; position++) {
            List<Object[]> longer = new ArrayList<>();
            for (Object[] prefix : all) {
                for (Object value : values) {
                    Object[] args = prefix.clone();
                    args[position] = value;
                    longer.add(args);
                }
            }
            all = longer;
        }
        return all;
    }

    /** A result with the class of every part, or a failure's class, message and JSONata details. */
    private static String outcome(java.util.function.Supplier<Object> call) {
        try {
            return typed(call.get());
        } catch (JException e) {
            return "JException " + e.getError() + " " + e.getLocation() + " " + e.getMessage() + " " + e.getCurrent() + " " + e.getExpected();
        } catch (RuntimeException e) {
            return e.getClass().getName() + " " + e.getMessage() + " " + (e.getCause() == null ? "" : e.getCause().getClass().getName());
        }
    }

    private static String typed(Object value) {
        if (value instanceof List<?> list) {
            StringBuilder text = new StringBuilder(value.getClass().getSimpleName()).append('[');
            for (Object item : list) {
                text.append(typed(item)).append(',');
            }
            return text.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder text = new StringBuilder(value.getClass().getSimpleName()).append('{');
            map.forEach((key, item) -> text.append(key).append('=').append(typed(item)).append(','));
            return text.append('}').toString();
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }

    private static String describe(Object[] args) {
        List<String> parts = new ArrayList<>();
        for (Object arg : args) {
            parts.add(typed(arg));
        }
        return "(" + String.join(", ", parts) + ")";
    }
}
