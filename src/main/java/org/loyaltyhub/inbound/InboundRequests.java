package org.loyaltyhub.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.loyaltyhub.canonical.CanonicalValidationException;
import org.loyaltyhub.formats.MalformedBodyException;
import org.loyaltyhub.formats.BodyFormat;
import org.loyaltyhub.mapping.MappingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code inbound-webhook} route template around the mapping and the intake: check the
 * sender's key and read its body, then answer 202 with the intake's outcome, or refuse in problem+json.
 * <p>
 * Keys are scoped ({@link ApiKeys}): a system's webhook keys ({@code hub.systems.<system>.inbound-keys}) post to its
 * webhooks only, a register's key calls the SPI only, and the API's keys ({@code hub.api.keys}) what their scopes say.
 */
@Component("inboundRequests")
public class InboundRequests {

    private static final Logger log = LoggerFactory.getLogger(InboundRequests.class);
    private static final String PROBLEM_JSON = "application/problem+json";

    private final ApiKeys keys;
    private final ObjectMapper json;
    private final int maxBodyBytes;

    public InboundRequests(ApiKeys keys, ObjectMapper json, @Value("${hub.inbound.max-body-bytes:65536}") int maxBodyBytes) {
        this.keys = keys;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * A webhook: checks the sending system's key (401 unknown, 403 a key for something else), content type (415,
     * JSON or XML) and size (413), then leaves the body as a JSON tree (400 when it is neither). The Authorization
     * header is removed, so no mapping ever sees the key.
     */
    public void read(String system, Exchange exchange) {
        read("inbound/" + system, false, exchange);
    }

    /** A canonical request ({@code event-api} at {@code /api/<path>}): the same checks for scope {@code api/<path>}, and JSON only. */
    public void readCanonical(String path, Exchange exchange) {
        read("api/" + path, true, exchange);
    }

    private void read(String scope, boolean jsonOnly, Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        exchange.getMessage().removeHeader("Authorization");
        switch (keys.check(authorization, scope)) {
            case UNKNOWN -> throw new InboundRefusal(401, "Unauthorized", "Missing or unknown key (Authorization: Bearer <key>)");
            case FORBIDDEN -> throw new InboundRefusal(403, "Forbidden", "This key may not call /" + scope);
            default -> {
                // allowed
            }
        }
        BodyFormat format = formatOf(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class), jsonOnly);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null && body.length > maxBodyBytes) {
            throw new InboundRefusal(413, "Payload Too Large", "The body is larger than " + maxBodyBytes + " bytes");
        }
        exchange.getMessage().setBody(format.read(json, body));
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

    /** JSON or XML by the content type; any other (or no) content type is refused. */
    private static BodyFormat formatOf(String contentType, boolean jsonOnly) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            if (!jsonOnly && (type.getSubtype().equals("xml") || type.getSubtype().endsWith("+xml"))) {
                return BodyFormat.XML;
            }
            if (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")) {
                return BodyFormat.JSON;
            }
        } catch (IllegalArgumentException e) { // InvalidMimeTypeException, also for a missing type
            // refused below
        }
        throw new InboundRefusal(415, "Unsupported Media Type",
                jsonOnly ? "Content-Type must be application/json" : "Content-Type must be application/json or application/xml");
    }


    /** Only the answer's own headers: nothing of the request (its key above all) is echoed back. */
    private void answer(Exchange exchange, int status, String contentType, JsonNode body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body.toString());
    }

}
