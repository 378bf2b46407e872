package org.loyaltyhub.mapping;

import com.dashjoin.jsonata.Jsonata;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import org.loyaltyhub.mapping.fastpath.HostFunction;

/**
 * Exact decimal arithmetic for mappings. JSONata's own arithmetic is binary floating point, which money must
 * never pass through; these functions take decimal strings (or integers) and give decimal strings, computed
 * with {@link BigDecimal}. Rounding is half-up. Registered in every mapping:
 * <ul>
 * <li>{@code $decimalAdd(a, b)}, {@code $decimalSubtract(a, b)}, {@code $decimalMultiply(a, b)}</li>
 * <li>{@code $decimalPercent(amount, percent, scale)}: {@code amount × percent / 100} rounded to {@code scale} decimals</li>
 * <li>{@code $decimalRound(a, scale)}</li>
 * <li>{@code $decimalFloor(a)}: the whole units, as a JSON integer (a count of points, say)</li>
 * <li>{@code $decimalNumber(a)}: the decimal as a JSON number, digit for digit (for a vendor whose field is a
 * number), to be written as it is, not computed with</li>
 * <li>{@code $decimalToUnits(a, scale)}: {@code a} in units of {@code 10^-scale} as a JSON integer ("6.17", 2 → 617);
 * an amount with more decimals than that is an error, never silently rounded</li>
 * </ul>
 */
final class DecimalFunctions {

    private DecimalFunctions() {
    }

    static void registerIn(Jsonata expression) {
        expression.registerFunction("decimalAdd", (Jsonata.Fn2<Object, Object, String>) DecimalFunctions::add);
        expression.registerFunction("decimalSubtract", (Jsonata.Fn2<Object, Object, String>) DecimalFunctions::subtract);
        expression.registerFunction("decimalMultiply", (Jsonata.Fn2<Object, Object, String>) DecimalFunctions::multiply);
        expression.registerFunction("decimalRound", (Jsonata.Fn2<Object, Object, String>) DecimalFunctions::round);
        expression.registerFunction("decimalNumber", (Jsonata.Fn1<Object, BigDecimal>) DecimalFunctions::decimal);
        expression.registerFunction("decimalFloor", (Jsonata.Fn1<Object, Long>) DecimalFunctions::floor);
        expression.registerFunction("decimalToUnits", (Jsonata.Fn2<Object, Object, Long>) DecimalFunctions::toUnits);
        expression.registerFunction("decimalPercent", Jsonata.function("decimalPercent",
                (Jsonata.Fn3<Object, Object, Object, String>) DecimalFunctions::percent, null));
    }

    /**
     * The same functions for the compiled fast path, called as JSONata calls them: the two-argument and one-argument
     * ones as plain lambdas, {@code $decimalPercent} through a function object (which wraps what is not a runtime
     * exception).
     */
    static final Map<String, HostFunction> FOR_FAST_PATH = Map.of(
            "decimalAdd", HostFunction.lambda(2, args -> add(args[0], args[1])),
            "decimalSubtract", HostFunction.lambda(2, args -> subtract(args[0], args[1])),
            "decimalMultiply", HostFunction.lambda(2, args -> multiply(args[0], args[1])),
            "decimalRound", HostFunction.lambda(2, args -> round(args[0], args[1])),
            "decimalNumber", HostFunction.lambda(1, args -> decimal(args[0])),
            "decimalFloor", HostFunction.lambda(1, args -> floor(args[0])),
            "decimalToUnits", HostFunction.lambda(2, args -> toUnits(args[0], args[1])),
            "decimalPercent", HostFunction.functionObject(3, args -> percent(args[0], args[1], args[2])));

    static String add(Object a, Object b) {
        return plain(decimal(a).add(decimal(b)));
    }

    static String subtract(Object a, Object b) {
        return plain(decimal(a).subtract(decimal(b)));
    }

    static String multiply(Object a, Object b) {
        return plain(decimal(a).multiply(decimal(b)));
    }

    static String round(Object a, Object scale) {
        return plain(decimal(a).setScale(scale(scale), RoundingMode.HALF_UP));
    }

    static Long floor(Object a) {
        return decimal(a).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    static Long toUnits(Object a, Object scale) {
        BigDecimal amount = decimal(a);
        try {
            return amount.movePointRight(scale(scale)).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("$decimalToUnits: " + amount.toPlainString() + " has more than " + scale(scale) + " decimals");
        }
    }

    static String percent(Object amount, Object percent, Object scale) {
        return plain(decimal(amount).multiply(decimal(percent)).movePointLeft(2).setScale(scale(scale), RoundingMode.HALF_UP));
    }

    /** A decimal string or an integer; a JSON fraction (a double) is refused, since its exact value is unknown. */
    static BigDecimal decimal(Object value) {
        if (value instanceof CharSequence text) {
            try {
                return new BigDecimal(text.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a decimal number");
            }
        }
        if (value instanceof Integer || value instanceof Long) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return BigDecimal.valueOf(d.longValue());
        }
        throw new IllegalArgumentException(value == null ? "a decimal function was given nothing"
                : "decimal functions take decimal strings or integers, not " + value);
    }

    private static int scale(Object scale) {
        BigDecimal value = decimal(scale);
        if (value.signum() < 0 || value.scale() > 0 && value.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("a scale is a whole number of decimals, not " + value);
        }
        return value.intValueExact();
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }
}
