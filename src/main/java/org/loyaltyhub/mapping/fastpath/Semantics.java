package org.loyaltyhub.mapping.fastpath;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import com.dashjoin.jsonata.Utils.JList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The interpreter's rules for values, step for step as {@code com.dashjoin.jsonata.Jsonata} applies them (0.9.10),
 * over the same value model: maps, lists, {@link JList} sequences with their flags, Java null for "nothing" and
 * {@code Jsonata.NULL_VALUE} for JSON null. Where the interpreter calls a public helper of its own, so does this.
 */
@SuppressWarnings("unchecked")
final class Semantics {

    private Semantics() {
    }

    /**
     * What the interpreter does to every result: a sequence of nothing is nothing, a sequence of one is that one
     * (unless it is to stay an array).
     */
    static Object unwrap(Object result) {
        if (result instanceof JList<?> list && list.sequence && !list.tupleStream) {
            if (list.isEmpty()) {
                return null;
            }
            if (list.size() == 1) {
                return list.keepSingleton ? list : list.get(0);
            }
        }
        return result;
    }

    private static final Object ABSENT = new Object();

    /**
     * {@code Functions.lookup(input, name)} with one map access instead of two: a field present with JSON null is the
     * interpreter's null marker, an absent one nothing.
     */
    static Object lookup(Object input, String name) {
        if (input instanceof Map<?, ?> map) {
            Object value = ((Map<?, Object>) map).getOrDefault(name, ABSENT);
            return value == ABSENT ? null : value == null ? Jsonata.NULL_VALUE : value;
        }
        return Functions.lookup(input, name);
    }

    /**
     * One step of a path over every item of the input sequence: the results, flattened one level (a constructed array
     * stays whole); the last step's single non-sequence array is the result itself.
     */
    static List<Object> step(Evaluator step, List<?> input, Context context, boolean last) {
        List<Object> results = Utils.createSequence();
        for (int i = 0; i < input.size(); i++) {
            Object result = step.evaluate(input.get(i), context);
            if (result != null) {
                results.add(result);
            }
        }
        if (last && results.size() == 1 && results.get(0) instanceof List<?> only && !Utils.isSequence(only)) {
            @SuppressWarnings("unchecked")
            List<Object> whole = (List<Object>) only;
            return whole;
        }
        List<Object> flattened = Utils.createSequence();
        for (Object result : results) {
            if (!(result instanceof List<?> list) || result instanceof JList<?> constructed && constructed.cons) {
                flattened.add(result);
            } else {
                flattened.addAll(list);
            }
        }
        return flattened;
    }

    /** {@code [n]} after an expression that is not a path: the n-th item (from the end when negative). */
    static Object index(Object input, int index) {
        List<Object> results = Utils.createSequence();
        if (input instanceof JList<?> list && list.tupleStream) {
            ((JList<?>) results).tupleStream = true;
        }
        List<?> items = input instanceof List<?> list ? list : Utils.createSequence(input);
        int at = index < 0 ? items.size() + index : index;
        Object item = at >= 0 && at < items.size() ? items.get(at) : null;
        if (item != null) {
            if (item instanceof List<?> list) {
                @SuppressWarnings("unchecked")
                List<Object> whole = (List<Object>) list;
                return whole;
            }
            results.add(item);
        }
        return results;
    }

    /** {@code =} and {@code !=}: nothing equals nothing; numbers compare as doubles, everything else by equals. */
    static Boolean equality(Object left, Object right, boolean equal) {
        if (left == null || right == null) {
            return Boolean.FALSE;
        }
        Object l = left instanceof Number number ? (Object) number.doubleValue() : left;
        Object r = right instanceof Number number ? (Object) number.doubleValue() : right;
        return l.equals(r) == equal;
    }

    /** {@code <}, {@code <=}, {@code >}, {@code >=}: strings with strings, numbers with numbers, else a type error. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object comparison(Object left, Object right, String operator) {
        boolean leftComparable = left == null || left instanceof String || left instanceof Number;
        boolean rightComparable = right == null || right instanceof String || right instanceof Number;
        if (!leftComparable || !rightComparable) {
            throw new JException("T2010", 0, operator, left != null ? left : right);
        }
        if (left == null || right == null) {
            return null;
        }
        Object l = left;
        Object r = right;
        if (!l.getClass().equals(r.getClass())) {
            if (l instanceof Number ln && r instanceof Number rn) {
                l = ln.doubleValue();
                r = rn.doubleValue();
            } else {
                throw new JException("T2009", 0, l, r);
            }
        }
        int order = ((Comparable) l).compareTo(r);
        return switch (operator) {
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
        };
    }

    /** {@code in}: whether the right side (an array, or one value) holds something equal to the left. */
    static Boolean includes(Object left, Object right) {
        if (left == null || right == null) {
            return Boolean.FALSE;
        }
        List<?> items;
        if (right instanceof List<?> list) {
            items = list;
        } else {
            List<Object> one = new ArrayList<>();
            one.add(right);
            items = one;
        }
        for (int i = 0; i < items.size(); i++) {
            if (Boolean.TRUE.equals(equality(left, items.get(i), true))) {
                return Boolean.TRUE;
            }
        }
        return Boolean.FALSE;
    }

    /** {@code + - * / %}: numbers or nothing, else a type error; nothing on either side gives nothing. */
    static Object arithmetic(Object left, Object right, char operator) {
        if (left != null && !Utils.isNumeric(left)) {
            throw new JException("T2001", -1, String.valueOf(operator), left);
        }
        if (right != null && !Utils.isNumeric(right)) {
            throw new JException("T2002", -1, String.valueOf(operator), right);
        }
        if (left == null || right == null) {
            return null;
        }
        double l = ((Number) left).doubleValue();
        double r = ((Number) right).doubleValue();
        double result = switch (operator) {
            case '+' -> l + r;
            case '-' -> l - r;
            case '*' -> l * r;
            case '/' -> l / r;
            default -> l % r;
        };
        return Utils.convertNumber(result);
    }
}
