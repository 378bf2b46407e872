package org.loyaltyhub.mapping.fastpath;

import java.util.Map;
import java.util.Optional;

/**
 * The compiled fast path of the mapping engine: an expression in the supported subset of JSONata becomes a
 * {@link FastExpression}; any other stays on the interpreter, which also checks the syntax first (the fast path is
 * only given text the interpreter compiled).
 */
public final class FastPath {

    private FastPath() {
    }

    /** The compiled expression, or why it stays on the interpreter. */
    public record Compilation(Optional<FastExpression> expression, String unsupported) {

        static Compilation of(FastExpression expression) {
            return new Compilation(Optional.of(expression), null);
        }

        static Compilation interpreterOnly(String reason) {
            return new Compilation(Optional.empty(), reason);
        }
    }

    /** {@code hostFunctions}: the functions registered besides JSONata's own, by name without the {@code $}. */
    public static Compilation compile(String source, Map<String, HostFunction> hostFunctions) {
        try {
            return Compilation.of(Compiler.expression(Parser.parse(source), hostFunctions));
        } catch (UnsupportedExpression e) {
            return Compilation.interpreterOnly(e.getMessage());
        }
    }
}
