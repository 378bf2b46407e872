package org.loyaltyhub.polling;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The items of one list answer, read one at a time from the stream, so a list of any length is never held
 * whole. The items are the array at {@code itemsPath} ({@code $[*]} or {@code $.Items[*]}); a number at
 * {@code totalPath} ({@code $.TotalItemsCount}), before or after the array, is the vendor's count of the
 * whole list, known once the items are read.
 */
final class JsonItems implements Iterator<JsonNode>, AutoCloseable {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonParser parser;
    private final ObjectMapper json;
    private final List<String> itemsPath;
    private final List<String> totalPath;
    /** Names of the properties whose object values the parser is inside, outermost first (arrays are skipped whole). */
    private final Deque<String> objects = new ArrayDeque<>();
    private String field;
    private int depth;
    private Long total;
    private boolean inItems;
    private boolean foundItems;
    private boolean done;
    private JsonNode next;

    JsonItems(InputStream body, ObjectMapper json, String itemsPath, String totalPath) {
        this.json = json;
        this.itemsPath = path(itemsPath, true);
        this.totalPath = totalPath == null || totalPath.isBlank() ? null : path(totalPath, false);
        try {
            this.parser = FACTORY.createParser(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the list answer", e);
        }
    }

    /** {@code $.a.b[*]} → [a, b]; {@code $.Total} → [Total]. */
    static List<String> path(String jsonPath, boolean array) {
        String path = jsonPath.trim();
        String suffix = array ? "[*]" : "";
        if (!path.startsWith("$") || !path.endsWith(suffix)) {
            throw new IllegalArgumentException("'" + jsonPath + "' is not a path like " + (array ? "$[*] or $.Items[*]" : "$.TotalItemsCount"));
        }
        String names = path.substring(1, path.length() - suffix.length());
        if (names.isEmpty()) {
            return List.of();
        }
        if (!names.startsWith(".")) {
            throw new IllegalArgumentException("'" + jsonPath + "' is not a path like " + (array ? "$[*] or $.Items[*]" : "$.TotalItemsCount"));
        }
        return List.of(names.substring(1).split("\\."));
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        JsonNode item = next;
        next = null;
        return item;
    }

    /** The vendor's total, once the whole answer was read; null when it gave none. */
    Long total() {
        return total;
    }

    /**
     * After {@link #finish()}: an answer without its list (a proxy's {@code {}}, an error page with status 200), or
     * without the total the vendor always gives, is not a list at all: the poll fails rather than take it as empty.
     */
    void requireList() {
        if (!foundItems) {
            throw new IllegalStateException("The list answer has no items at $" + pathText(itemsPath) + "[*]: the poll failed");
        }
        if (totalPath != null && total == null) {
            throw new IllegalStateException("The list answer has no total at $" + pathText(totalPath) + ": the poll failed");
        }
    }

    private static String pathText(List<String> path) {
        return path.isEmpty() ? "" : "." + String.join(".", path);
    }

    /** Reads the rest of the answer (for a total after the items) and closes it. */
    void finish() {
        while (!done) {
            next = null;
            advance();
        }
        close();
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // nothing left to read from it
        }
    }

    private JsonNode advance() {
        try {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (inItems) {
                    if (token == JsonToken.END_ARRAY) {
                        inItems = false;
                        continue;
                    }
                    return json.readTree(parser);
                }
                switch (token) {
                    case FIELD_NAME -> field = parser.currentName();
                    case START_OBJECT -> {
                        if (depth > 0) {
                            objects.addLast(field);
                        }
                        depth++;
                        field = null;
                    }
                    case END_OBJECT -> {
                        depth--;
                        field = depth > 0 ? objects.pollLast() : null;
                    }
                    case START_ARRAY -> {
                        if (isAt(itemsPath)) {
                            inItems = true;
                            foundItems = true;
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> {
                        if (totalPath != null && token.isNumeric() && isAt(totalPath)) {
                            total = parser.getLongValue();
                        }
                    }
                }
            }
            done = true;
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("The list answer is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Whether the value the parser is at is the one this path names. */
    private boolean isAt(List<String> path) {
        if (depth == 0) {
            return path.isEmpty();
        }
        if (path.size() != objects.size() + 1 || !path.get(path.size() - 1).equals(field)) {
            return false;
        }
        int i = 0;
        for (String name : objects) {
            if (!path.get(i++).equals(name)) {
                return false;
            }
        }
        return true;
    }
}
