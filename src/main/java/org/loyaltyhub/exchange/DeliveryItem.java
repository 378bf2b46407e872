package org.loyaltyhub.exchange;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.loyaltyhub.events.CloudEvent;

/**
 * One event on its way to one target, as plain strings so it survives the aggregation repository's
 * serialisation (only {@code java.*} types are accepted there) and a dead-letter round trip.
 */
public final class DeliveryItem {

    public static final String EVENT_ID = "eventId";
    public static final String TYPE = "type";
    public static final String SOURCE = "source";
    public static final String SUBJECT = "subject";
    public static final String TIME = "time";
    /** The entity's version in the hub's store when the event was published (none from other producers). */
    public static final String VERSION = "entityVersion";
    public static final String BODY = "body";
    public static final String DELIVER_TO = "deliverTo";
    public static final String DEAD_LETTER_ID = "deadLetterId";

    /**
     * Exchange property holding the one event a delivery route works on, as {@link #of} read it when the route took it:
     * vendor calls replace the message, the event stays here.
     */
    public static final String PROPERTY = "hubDeliveryItem";

    /**
     * The target system of a delivery: a header, and the exchange property of the same name, which survives the
     * dead-letter channel restoring the original message. Its retry limits and flow control apply.
     */
    public static final String HEADER_TARGET = "hubTarget";
    /** Headers the hub sets on a delivery exchange. */
    public static final String HEADER_DELIVER_TO = "hubDeliverTo";
    public static final String HEADER_REPLAY_OF = "hubReplayOf";

    private DeliveryItem() {
    }

    /** The item an exchange carries: CloudEvent headers (bytes from Kafka or strings) and the body. */
    public static HashMap<String, String> of(Exchange exchange) {
        Message message = exchange.getMessage();
        HashMap<String, String> item = new HashMap<>();
        put(item, EVENT_ID, header(message, CloudEvent.HEADER_ID));
        put(item, TYPE, header(message, CloudEvent.HEADER_TYPE));
        put(item, SOURCE, header(message, CloudEvent.HEADER_SOURCE));
        put(item, SUBJECT, header(message, CloudEvent.HEADER_SUBJECT));
        put(item, TIME, header(message, CloudEvent.HEADER_TIME));
        put(item, VERSION, header(message, CloudEvent.HEADER_ENTITY_VERSION));
        String deliverTo = header(message, HEADER_DELIVER_TO);
        put(item, DELIVER_TO, routeName(deliverTo != null ? deliverTo : exchange.getProperty(HEADER_DELIVER_TO, String.class)));
        put(item, DEAD_LETTER_ID, header(message, HEADER_REPLAY_OF));
        put(item, BODY, message.getBody(String.class));
        return item;
    }

    /** The CloudEvent attributes of an item, as headers to send again (replay, DLQ topic). */
    public static Map<String, String> headers(Map<String, String> item) {
        Map<String, String> headers = new LinkedHashMap<>();
        putHeader(headers, CloudEvent.HEADER_SPECVERSION, CloudEvent.SPEC_VERSION);
        putHeader(headers, CloudEvent.HEADER_ID, item.get(EVENT_ID));
        putHeader(headers, CloudEvent.HEADER_SOURCE, item.get(SOURCE));
        putHeader(headers, CloudEvent.HEADER_TYPE, item.get(TYPE));
        putHeader(headers, CloudEvent.HEADER_SUBJECT, item.get(SUBJECT));
        putHeader(headers, CloudEvent.HEADER_TIME, item.get(TIME));
        putHeader(headers, CloudEvent.HEADER_ENTITY_VERSION, item.get(VERSION));
        return headers;
    }

    /** A header as text, whether Kafka delivered it as bytes or a route set it as a string. */
    public static String header(Message message, String name) {
        Object value = message.getHeader(name);
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }

    /** {@code direct:ecom-card-sink} (as a recipient list names it) → {@code ecom-card-sink}. */
    static String routeName(String endpoint) {
        return endpoint != null && endpoint.startsWith("direct:") ? endpoint.substring("direct:".length()) : endpoint;
    }

    private static void put(Map<String, String> item, String key, String value) {
        if (value != null) {
            item.put(key, value);
        }
    }

    private static void putHeader(Map<String, String> headers, String key, String value) {
        if (value != null) {
            headers.put(key, value);
        }
    }
}
