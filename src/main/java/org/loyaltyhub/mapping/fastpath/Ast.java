package org.loyaltyhub.mapping.fastpath;

import java.util.List;

/**
 * The fast path's subset of JSONata, shaped as the interpreter shapes its tree after parsing (names are one-step
 * paths, {@code a.b} one flat path, {@code -1} a number, a predicate hangs on the expression it filters).
 */
sealed interface Ast {

    /** A string, number, true/false, or null ({@code value} null). */
    record Literal(Object value) implements Ast {
    }

    /** {@code a.b."c-d"}, {@code $config.x}: steps that are field names or variables. */
    record Path(List<Step> steps) implements Ast {
    }

    sealed interface Step {
    }

    record NameStep(String name) implements Step {
    }

    /** {@code $x} as a path step; {@code ""} is {@code $}, {@code "$"} is {@code $$}. */
    record VariableStep(String name) implements Step {
    }

    /** {@code $x}, with the numeric index predicates that follow it ({@code $x[0]}). */
    record Variable(String name, List<Number> indexes) implements Ast {
    }

    /** {@code [a, b]}; {@code nested}: which items are array constructors themselves (kept whole, not flattened). */
    record ArrayConstructor(List<Ast> items, List<Boolean> nested, List<Number> indexes) implements Ast {
    }

    /** {@code {key: value, ...}}. */
    record ObjectConstructor(List<Ast> keys, List<Ast> values) implements Ast {
    }

    record Condition(Ast condition, Ast then, Ast otherwise) implements Ast {
    }

    /** {@code (a; b; c)}. */
    record Block(List<Ast> statements) implements Ast {
    }

    /** {@code $name := value}. */
    record Bind(String name, Ast value) implements Ast {
    }

    /** {@code position}: the interpreter's position of the operator, which an error of {@code and}/{@code or} names. */
    record Binary(String operator, Ast left, Ast right, int position) implements Ast {
    }

    /** {@code -x} of anything but a number literal; {@code position}: the interpreter's (always 0). */
    record Negation(Ast operand, int position) implements Ast {
    }

    /** {@code $name(args)}; {@code position}: the interpreter's position of the call, where its errors are. */
    record Call(String name, List<Ast> arguments, int position, List<Number> indexes) implements Ast {
    }
}
