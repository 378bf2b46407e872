package org.loyaltyhub.events;

import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Canonical events as Kafka records, through the CloudEvents SDK's Kafka binding in binary mode: the
 * attributes are {@code ce_*} headers and {@code content-type}, the value is the canonical JSON, the key the
 * subject. Reading checks what the specification requires (specversion, id, source, type) and what the hub
 * needs besides (subject, the entity key); a record without them is refused as {@link NotACloudEventException}.
 */
public final class CloudEventRecords {

    private static final String CONTENT_TYPE = "application/json";

    private CloudEventRecords() {
    }

    /** The record of an event on a topic, keyed by its subject. */
    public static ProducerRecord<String, byte[]> write(String topic, CloudEvent event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withSource(URI.create(event.source()))
                .withType(event.type())
                .withSubject(event.subject())
                .withTime(event.time())
                .withDataContentType(CONTENT_TYPE);
        if (event.data() != null) {
            builder.withData(event.data().getBytes(StandardCharsets.UTF_8));
        }
        return KafkaMessageFactory.<String>createWriter(topic, event.subject()).writeBinary(builder.build());
    }

    /** @throws NotACloudEventException when a required attribute is missing or malformed */
    public static CloudEvent read(Headers headers, byte[] value) {
        io.cloudevents.CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(headers, value).toEvent();
        } catch (CloudEventRWException | IllegalStateException | IllegalArgumentException e) {
            throw new NotACloudEventException(e.getMessage());
        }
        if (event.getSubject() == null) {
            throw new NotACloudEventException(CloudEvent.HEADER_SUBJECT + " is missing: the hub keys every event by its subject");
        }
        CloudEventData data = event.getData();
        return new CloudEvent(event.getId(), event.getSource().toString(), event.getType(), event.getSubject(), event.getTime(),
                data == null ? null : new String(data.toBytes(), StandardCharsets.UTF_8));
    }

    /** A record on an event topic that is not one of the hub's CloudEvents: a permanent failure, so a dead letter. */
    public static class NotACloudEventException extends IllegalArgumentException {

        NotACloudEventException(String reason) {
            super("not a CloudEvent: " + reason);
        }
    }
}
