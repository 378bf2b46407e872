package org.loyaltyhub.events;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A canonical event. On Kafka it travels in binary mode ({@link CloudEventRecords}): the attributes are
 * {@code ce_*} headers, the value is the canonical JSON, and the key is the subject so one card's events
 * stay in order.
 */
public record CloudEvent(String id, String source, String type, String subject, OffsetDateTime time, String data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String TYPE_PREFIX = "org.loyaltyhub.";
    public static final String SOURCE_PREFIX = "/systems/";

    public static final String HEADER_SPECVERSION = "ce_specversion";
    public static final String HEADER_ID = "ce_id";
    public static final String HEADER_SOURCE = "ce_source";
    public static final String HEADER_TYPE = "ce_type";
    public static final String HEADER_SUBJECT = "ce_subject";
    public static final String HEADER_TIME = "ce_time";
    /**
     * The CloudEvents extension the hub adds to an entity's events: the entity's version in the hub's store, so that
     * a delivery can tell an older state from the current one.
     */
    public static final String HEADER_ENTITY_VERSION = "ce_entityversion";

    /** A new event of {@code <entity>.<verb>} from a system, e.g. {@code card.upserted} from ecom. */
    public static CloudEvent of(String system, String entity, String verb, String subject, String data) {
        return new CloudEvent(UUID.randomUUID().toString(), SOURCE_PREFIX + system, TYPE_PREFIX + entity + "." + verb,
                subject, OffsetDateTime.now(ZoneOffset.UTC), data);
    }

    /** The system named by the source attribute ({@code /systems/ecom} → {@code ecom}). */
    public String sourceSystem() {
        return sourceSystem(source);
    }

    public static String sourceSystem(String source) {
        return source != null && source.startsWith(SOURCE_PREFIX) ? source.substring(SOURCE_PREFIX.length()) : source;
    }

    /** The entity named by the type ({@code org.loyaltyhub.card.upserted} → {@code card}). */
    public static String entityOf(String type) {
        String local = type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type;
        int dot = local.lastIndexOf('.');
        return dot < 0 ? local : local.substring(0, dot);
    }
}
