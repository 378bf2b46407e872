package org.loyaltyhub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventRecordsTests {

    private static final CloudEvent EVENT = new CloudEvent("e-1", "/systems/ecom", "org.loyaltyhub.card.upserted", "7000000000001",
            OffsetDateTime.parse("2026-01-02T03:04:05.123Z"), "{\"number\":\"7000000000001\"}");

    @Test
    void anEventIsWrittenWithExactlyTheDocumentedHeadersValueAndKey() {
        ProducerRecord<String, byte[]> record = CloudEventRecords.write("loyalty.cards", EVENT);

        assertThat(record.topic()).isEqualTo("loyalty.cards");
        assertThat(record.key()).isEqualTo("7000000000001");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"number\":\"7000000000001\"}");
        assertThat(texts(record.headers())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ce_specversion", "1.0",
                "ce_id", "e-1",
                "ce_source", "/systems/ecom",
                "ce_type", "org.loyaltyhub.card.upserted",
                "ce_subject", "7000000000001",
                "ce_time", "2026-01-02T03:04:05.123Z",
                "content-type", "application/json"));
    }

    @Test
    void anEventReadsBackAsWritten() {
        ProducerRecord<String, byte[]> record = CloudEventRecords.write("loyalty.cards", EVENT);

        assertThat(CloudEventRecords.read(record.headers(), record.value())).isEqualTo(EVENT);
    }

    @Test
    void aRecordWithoutTheRequiredAttributesIsNotACloudEvent() {
        assertThatThrownBy(() -> CloudEventRecords.read(new RecordHeaders(), "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CloudEventRecords.NotACloudEventException.class).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a CloudEvent");
        for (String required : new String[] {"ce_id", "ce_source", "ce_type", "ce_subject"}) {
            Headers headers = CloudEventRecords.write("loyalty.cards", EVENT).headers();
            headers.remove(required);
            assertThatThrownBy(() -> CloudEventRecords.read(headers, "{}".getBytes(StandardCharsets.UTF_8)))
                    .as(required).isInstanceOf(CloudEventRecords.NotACloudEventException.class)
                    .hasMessageContaining(required.substring("ce_".length()));
        }
    }

    private static Map<String, String> texts(Headers headers) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Header header : headers) {
            assertThat(texts.put(header.key(), new String(header.value(), StandardCharsets.UTF_8))).as("twice: " + header.key()).isNull();
        }
        return texts;
    }
}
