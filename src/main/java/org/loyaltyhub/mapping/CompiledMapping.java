package org.loyaltyhub.mapping;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.loyaltyhub.mapping.fastpath.FastExpression;
import org.loyaltyhub.mapping.fastpath.FastPath;

/**
 * One JSONata mapping, parsed once. Each evaluation gets a fresh frame with every binding set, so
 * bindings never leak between messages or between mappings evaluated on the same thread.
 * <p>
 * The interpreter compiles every mapping first (its syntax errors are the mapping's). A mapping that uses only the
 * fast path's subset of JSONata is also compiled to evaluators ({@link FastPath}), which give the interpreter's
 * results and errors without its tree walk; the engine then checks it on the mapping's golden examples against the
 * interpreter before it is used. Which evaluator a mapping uses is decided at load, never per message.
 */
public final class CompiledMapping {

    private final String id;
    private final String system;
    private final Path file;
    private final String source;
    private final Jsonata expression;
    /** Null: the mapping runs on the interpreter, for {@link #interpreterReason}. */
    private final FastExpression fastPath;
    private final String interpreterReason;
    private volatile Map.Entry<Map<String, Object>, String> fingerprint;

    /**
     * An expression outside a mapping file (a condition, a column of an operation table), compiled the same
     * way: the decimal functions, and {@code where} in its syntax errors.
     */
    public static CompiledMapping expression(String id, String system, String where, String source) {
        return new CompiledMapping(id, system, null, where, source);
    }

    CompiledMapping(String id, String system, Path file, String displayFile, String source) {
        this.id = id;
        this.system = system;
        this.file = file;
        this.source = source;
        try {
            this.expression = Jsonata.jsonata(source);
            DecimalFunctions.registerIn(expression);
        } catch (JException e) {
            int[] position = lineAndColumn(source, e.getLocation());
            throw new MappingSyntaxException(displayFile, position[0], position[1],
                    e.getMessage() + " (" + e.getError() + ")", e);
        } catch (RuntimeException e) {
            throw new MappingSyntaxException(displayFile, 1, 1, String.valueOf(e.getMessage()), e);
        }
        FastPath.Compilation compiled = FastPath.compile(source, DecimalFunctions.FOR_FAST_PATH);
        this.fastPath = compiled.expression().orElse(null);
        this.interpreterReason = compiled.unsupported();
    }

    private CompiledMapping(CompiledMapping compiled, FastExpression fastPath, String interpreterReason) {
        this.id = compiled.id;
        this.system = compiled.system;
        this.file = compiled.file;
        this.source = compiled.source;
        this.expression = compiled.expression;
        this.fastPath = fastPath;
        this.interpreterReason = interpreterReason;
    }

    /** The same mapping on the interpreter only (its fast path gave another result). */
    CompiledMapping onInterpreter(String reason) {
        return new CompiledMapping(this, null, reason);
    }

    /** For tests of the safety net: this mapping with the fast path of another expression, which gives other results. */
    CompiledMapping withFastPathOf(String otherSource) {
        return new CompiledMapping(this, FastPath.compile(otherSource, DecimalFunctions.FOR_FAST_PATH).expression().orElseThrow(), null);
    }

    /**
     * Applies the mapping to a Jackson-compatible tree of maps and lists; {@code bindings} are further
     * variables for mappings that need more than the message (an answer mapping's {@code $request}).
     */
    public Object evaluate(Object input, Map<String, Object> config, Map<String, Object> headers, Map<String, Object> bindings) {
        if (onFastPath(bindings)) {
            return evaluateCompiled(input, config, headers, bindings);
        }
        return evaluateInterpreted(input, config, headers, bindings);
    }

    /**
     * The result as the engine returns it, {@code trees.of(evaluate(...))}: on the fast path without its pass over
     * the result for JSON nulls, which the tree is built with.
     */
    JsonNode evaluateToTree(Object input, Map<String, Object> config, Map<String, Object> headers,
            Map<String, Object> bindings, ResultTrees trees) {
        if (onFastPath(bindings)) {
            Object result;
            try {
                result = fastPath.evaluateKeepingNullMarkers(input, config, headers, bindings);
            } catch (RuntimeException e) {
                throw failed(e);
            }
            return trees.of(result);
        }
        return trees.of(evaluateInterpreted(input, config, headers, bindings));
    }

    /** The fast path, unless a binding shadows what the mapping calls ({@link FastExpression#hiddenBy}). */
    private boolean onFastPath(Map<String, Object> bindings) {
        return fastPath != null && bindings != null && !fastPath.hiddenBy(bindings);
    }

    /** On the interpreter, whatever the mapping uses. */
    Object evaluateInterpreted(Object input, Map<String, Object> config, Map<String, Object> headers, Map<String, Object> bindings) {
        Jsonata.Frame frame = expression.createFrame();
        frame.bind("config", config);
        frame.bind("headers", headers);
        bindings.forEach(frame::bind);
        try {
            return expression.evaluate(input, frame);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /** On the fast path; only for a mapping that has one. */
    Object evaluateCompiled(Object input, Map<String, Object> config, Map<String, Object> headers, Map<String, Object> bindings) {
        try {
            return fastPath.evaluate(input, config, headers, bindings);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private MappingException failed(RuntimeException e) {
        if (e instanceof JException jsonata) {
            return new MappingException(id, e.getMessage() + " (" + jsonata.getError() + " at " + jsonata.getLocation() + ")", e);
        }
        return new MappingException(id, String.valueOf(e.getMessage()), e);
    }

    /** Whether the mapping runs on the compiled fast path. */
    public boolean compiled() {
        return fastPath != null;
    }

    /** Why the mapping runs on the interpreter; null when it does not. */
    public String interpreterReason() {
        return interpreterReason;
    }

    public String id() {
        return id;
    }

    public String system() {
        return system;
    }

    public Path file() {
        return file;
    }

    /**
     * What decides this mapping's results besides its input: its text and the settings it sees, as a hash. Two
     * inputs mapped under the same fingerprint give the same result when they are the same.
     */
    public String fingerprint(Map<String, Object> config) {
        Map.Entry<Map<String, Object>, String> last = fingerprint;
        if (last != null && last.getKey() == config) {
            return last.getValue();
        }
        String computed;
        try {
            computed = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest((source + '\n' + new java.util.TreeMap<>(config)).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        fingerprint = Map.entry(config, computed);
        return computed;
    }

    public String source() {
        return source;
    }

    /** Turns a character offset (JSONata's error position, one past the token) into 1-based line and column. */
    static int[] lineAndColumn(String text, int offset) {
        int end = Math.max(0, Math.min(offset, text.length()));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, Math.max(1, end - lineStart)};
    }
}
