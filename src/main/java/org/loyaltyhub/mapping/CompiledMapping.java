package org.loyaltyhub.mapping;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.nio.file.Path;
import java.util.Map;

/**
 * One JSONata mapping, parsed once. Each evaluation gets a fresh frame with every binding set, so
 * bindings never leak between messages or between mappings evaluated on the same thread.
 */
public final class CompiledMapping {

    private final String id;
    private final String system;
    private final Path file;
    private final String source;
    private final Jsonata expression;
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
    }

    /**
     * Applies the mapping to a Jackson-compatible tree of maps and lists; {@code bindings} are further
     * variables for mappings that need more than the message (an answer mapping's {@code $request}).
     */
    public Object evaluate(Object input, Map<String, Object> config, Map<String, Object> headers, Map<String, Object> bindings) {
        Jsonata.Frame frame = expression.createFrame();
        frame.bind("config", config);
        frame.bind("headers", headers);
        bindings.forEach(frame::bind);
        try {
            return expression.evaluate(input, frame);
        } catch (JException e) {
            throw new MappingException(id, e.getMessage() + " (" + e.getError() + " at " + e.getLocation() + ")", e);
        } catch (RuntimeException e) {
            throw new MappingException(id, String.valueOf(e.getMessage()), e);
        }
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
