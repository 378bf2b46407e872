package org.loyaltyhub.formats;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * The two body formats the hub reads and writes: JSON, and XML as the tree {@link XmlTrees} gives (so one
 * mapping serves both). Reading is safe and names the position of a problem, never the content.
 */
public enum BodyFormat {

    JSON("application/json"),
    XML("application/xml");

    /**
     * How deep a body read at the hub's edges may nest (objects, arrays, elements); deeper is malformed (400). Far
     * above any vendor's or canonical shape, far below what would exhaust a thread's stack.
     */
    public static final int MAX_NESTING_DEPTH = 64;

    private final String mediaType;

    BodyFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** {@code json} or {@code xml}, as settings and template parameters spell them. */
    public static BodyFormat named(String name) {
        try {
            return valueOf(String.valueOf(name).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format must be json or xml, was '" + name + "'");
        }
    }

    /** The format of a body by its Content-Type (any xml or +xml type is XML); without one, by its first character. */
    public static BodyFormat of(String contentType, byte[] body) {
        if (contentType != null && !contentType.isBlank()) {
            return contentType.toLowerCase(Locale.ROOT).contains("xml") ? XML : JSON;
        }
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '<' ? XML : JSON;
            }
        }
        return JSON;
    }

    /** @throws MalformedBodyException when the body is empty, malformed, or XML with a DOCTYPE */
    public JsonNode read(ObjectMapper json, byte[] body) {
        if (body == null || body.length == 0) {
            throw new MalformedBodyException("the body is empty");
        }
        if (this == XML) {
            return XmlTrees.read(body);
        }
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw new MalformedBodyException("the body is empty");
            }
            return tree;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new MalformedBodyException(at == null ? "malformed JSON"
                    : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
        } catch (IOException e) {
            throw new MalformedBodyException("malformed JSON");
        }
    }

    /** The tree as a body; XML needs the name of its root element. */
    public String write(JsonNode tree, String xmlRoot) {
        return this == XML ? XmlTrees.write(xmlRoot, tree) : tree.toString();
    }
}
