package org.loyaltyhub.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.loyaltyhub.canonical.CanonicalSchemas;
import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.events.EventOutbox;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event API's step (route template {@code event-api}): a canonical entity another system posts becomes an
 * event through the outbox, answered 202 with the event's id. The subject of a request event is its own id: a
 * request has no key of its own, and each one is delivered on its own.
 * <p>
 * A {@code Request-ID} header makes the call safe to repeat: the request id is recorded in the same
 * transaction as the event, and a repeat answers the first event's id without publishing again.
 */
@Component("eventRequests")
public class EventRequests {

    static final String REQUEST_ID = "Request-ID";

    private final CanonicalSchemas schemas;
    private final EventOutbox outbox;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;

    public EventRequests(CanonicalSchemas schemas, EventOutbox outbox, NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction,
            ObjectMapper json) {
        this.schemas = schemas;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
    }

    /** Validates the body (400 naming field and rule), publishes {@code <entity>.<verb>} from {@code source}, answers 202. */
    public void publish(String entity, String verb, String source, Exchange exchange) {
        JsonNode canonical = exchange.getMessage().getBody(JsonNode.class);
        schemas.validate(entity, canonical);
        String requestId = exchange.getMessage().getHeader(REQUEST_ID, String.class);
        String path = exchange.getFromEndpoint().getEndpointKey();
        String type = CloudEvent.TYPE_PREFIX + entity + "." + verb;
        String eventId = requestId == null || requestId.isBlank() ? publish(entity, verb, source, canonical)
                : publishOnce(path, requestId.trim(), type, entity, verb, source, canonical);
        ObjectNode answer = json.createObjectNode().put("eventId", eventId).put("type", type);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(answer.toString());
    }

    private String publish(String entity, String verb, String source, JsonNode canonical) {
        return transaction.execute(status -> append(entity, verb, source, canonical));
    }

    private String publishOnce(String path, String requestId, String type, String entity, String verb, String source, JsonNode canonical) {
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("path", path).addValue("request", requestId);
        try {
            return transaction.execute(status -> {
                String eventId = append(entity, verb, source, canonical);
                jdbc.update("""
                        INSERT INTO api_request (route_path, request_id, event_id, event_type) VALUES (:path, :request, CAST(:event AS uuid), :type)
                        """, params.addValue("event", eventId).addValue("type", type));
                return eventId;
            });
        } catch (DuplicateKeyException repeated) {
            List<String> first = jdbc.queryForList("""
                    SELECT CAST(event_id AS text) FROM api_request WHERE route_path = :path AND request_id = :request
                    """, params, String.class);
            return first.get(0);
        }
    }

    private String append(String entity, String verb, String source, JsonNode canonical) {
        String id = UUID.randomUUID().toString();
        outbox.append(new CloudEvent(id, CloudEvent.SOURCE_PREFIX + source, CloudEvent.TYPE_PREFIX + entity + "." + verb, id,
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC), canonical.toString()));
        return id;
    }
}
