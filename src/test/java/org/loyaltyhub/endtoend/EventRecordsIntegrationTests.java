package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** What a dispatch consumer does with a record on an event topic that is not a CloudEvent. */
@HubIntegrationTest
class EventRecordsIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EcomCardStore ecom;
    @Autowired
    Topics topics;
    @Autowired
    ObjectMapper json;
    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Test
    void aRecordWithoutCloudEventAttributesIsADeadLetterAndTheConsumerGoesOnWithTheNext() throws Exception {
        String number = "7600000000001";
        // a bare record (no ce_* headers, no content type), then a proper event with the same key: one
        // partition, so the event is read after the bare record
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topics.forEntity("card"), number,
                    HubTestSupport.card(number, "B-bare", "Bare", "1.00"))).get();
        }
        String eventId = HubTestSupport.publish(kafka, topics.forEntity("card"), "spi", "card.upserted", number,
                HubTestSupport.card(number, "B-" + number, "Next", "1.00"));

        await().atMost(Duration.ofSeconds(30)).until(() -> ecom.findByCode(number).isPresent());
        await().atMost(Duration.ofSeconds(30)).until(() -> bareDeadLetter() != null);
        JsonNode letter = bareDeadLetter();
        assertThat(letter.path("errorMessage").asText()).startsWith("not a CloudEvent");
        assertThat(letter.path("permanent").asBoolean()).isTrue();
        assertThat(letter.path("payload").asText()).contains("B-bare");
        assertThat(letter.path("eventId").asText()).isNotEqualTo(eventId);
    }

    /** The ecom consumer's dead letter of the bare record, or null. */
    private JsonNode bareDeadLetter() throws Exception {
        JsonNode list = json.readTree(http.withBasicAuth(HubTestSupport.OPERATOR, HubTestSupport.OPERATOR_PASSWORD)
                .getForObject("/ops/api/dead-letters?system=ecom&status=all&size=500", String.class));
        for (JsonNode letter : list.path("items")) {
            if (letter.path("payload").asText().contains("B-bare")) {
                return letter;
            }
        }
        return null;
    }
}
