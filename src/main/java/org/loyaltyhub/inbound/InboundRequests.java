package org.loyaltyhub.inbound;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.Exchange;
import org.loyaltyhub.canonical.CanonicalValidationException;
import org.loyaltyhub.mapping.MappingException;
import org.loyaltyhub.systems.SystemRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code inbound-webhook} route template around the mapping and the intake: check the
 * sender's key and read its body, then answer 202 with the intake's outcome, or refuse in problem+json.
 * <p>
 * Keys are per system ({@code hub.systems.<system>.inbound-keys}, comma-separated), so a key given to one
 * vendor cannot post as another; a system without keys accepts no webhook at all.
 */
@Component("inboundRequests")
public class InboundRequests {

    private static final Logger log = LoggerFactory.getLogger(InboundRequests.class);
    private static final String PROBLEM_JSON = "application/problem+json";

    private final SystemRegistry systems;
    private final ObjectMapper json;
    private final int maxBodyBytes;

    public InboundRequests(SystemRegistry systems, ObjectMapper json, @Value("${hub.inbound.max-body-bytes:65536}") int maxBodyBytes) {
        this.systems = systems;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Checks the key (401), content type (415) and size (413), then leaves the body as a JSON tree (400 when
     * it is neither JSON nor XML). The Authorization header is removed, so no mapping ever sees the key.
     */
    public void read(String system, Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        exchange.getMessage().removeHeader("Authorization");
        if (!authorized(system, authorization)) {
            throw new InboundRefusal(401, "Unauthorized", "Missing or unknown key (Authorization: Bearer <key>)");
        }
        boolean xml = isXml(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new MalformedBodyException("the body is empty");
        }
        if (body.length > maxBodyBytes) {
            throw new InboundRefusal(413, "Payload Too Large", "The body is larger than " + maxBodyBytes + " bytes");
        }
        exchange.getMessage().setBody(xml ? XmlAsJson.read(body) : readJson(body));
    }

    /** 202 with what the intake did: PUBLISHED, ALREADY_KNOWN or UNCHANGED_AT_SOURCE. */
    public void accepted(Exchange exchange) {
        ObjectNode answer = json.createObjectNode().put("outcome", String.valueOf(exchange.getProperty("hubIntake")));
        answer(exchange, 202, "application/json", answer);
    }

    /** The error answer: the sender's problems name the field and rule (never a value); the hub's own say nothing. */
    public void refused(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        String title;
        if (failure instanceof InboundRefusal refusal) {
            status = refusal.status();
            title = refusal.title();
        } else if (failure instanceof MalformedBodyException || failure instanceof MappingException
                || failure instanceof CanonicalValidationException) {
            status = 400;
            title = "Bad Request";
        } else {
            log.error("Inbound request on {} failed", exchange.getFromRouteId(), failure);
            status = 500;
            title = "Internal Server Error";
        }
        ObjectNode problem = json.createObjectNode().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", status == 500 ? "The hub could not take the request in; it stored nothing" : failure.getMessage());
        answer(exchange, status, PROBLEM_JSON, problem);
        if (status == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        }
    }

    /** Every configured key is compared, each in constant time, so timing tells nothing about the keys. */
    boolean authorized(String system, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        boolean match = false;
        for (String key : keysOf(system)) {
            match |= MessageDigest.isEqual(sha256(key), presented);
        }
        return match;
    }

    private List<String> keysOf(String system) {
        Object keys = systems.mappingConfig(system).get("inboundKeys");
        if (keys == null) {
            return List.of();
        }
        return Arrays.stream(String.valueOf(keys).split(",")).map(String::trim).filter(key -> !key.isEmpty()).toList();
    }

    /** True for XML, false for JSON; any other (or no) content type is refused. */
    private static boolean isXml(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            if (type.getSubtype().equals("xml") || type.getSubtype().endsWith("+xml")) {
                return true;
            }
            if (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")) {
                return false;
            }
        } catch (IllegalArgumentException e) { // InvalidMimeTypeException, also for a missing type
            // refused below
        }
        throw new InboundRefusal(415, "Unsupported Media Type", "Content-Type must be application/json or application/xml");
    }

    private JsonNode readJson(byte[] body) {
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

    /** Only the answer's own headers: nothing of the request (its key above all) is echoed back. */
    private void answer(Exchange exchange, int status, String contentType, JsonNode body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body.toString());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
