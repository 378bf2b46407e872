package org.loyaltyhub.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.events.CloudEventRecords;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Fixtures shared by the integration tests: infrastructure wiring, Kafka in and out, sample cards. */
public final class HubTestSupport {

    public static final String OPERATOR = "operator";
    public static final String OPERATOR_PASSWORD = "test-operator-secret";
    public static final String SPI_KEY = "test-register-key";
    /** A system's key to the hub's API, scope api/promo-assignments. */
    public static final String API_KEY = "test-api-key";

    private HubTestSupport() {
    }

    /** Points a context at the shared PostgreSQL and Kafka, with a database and topics of its own. */
    public static class Infrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestInfrastructure infrastructure = TestInfrastructure.get();
            String prefix = TestInfrastructure.uniquePrefix();
            TestPropertyValues.of(
                    "spring.datasource.url=" + infrastructure.newDatabase(),
                    "spring.datasource.username=postgres",
                    "spring.datasource.password=",
                    "spring.kafka.bootstrap-servers=" + infrastructure.bootstrapServers(),
                    "hub.kafka.topic-prefix=" + prefix,
                    "hub.kafka.group-prefix=" + prefix).applyTo(context);
        }
    }

    /** The operator's client: the login, and the header every state-changing ops call needs. */
    /** A promo assignment posted to the hub's event API as the test caller: one loyalty program's code for one profile. */
    public static org.springframework.http.ResponseEntity<String> assignPromo(org.springframework.boot.test.web.client.TestRestTemplate http,
            long program, String profileId) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        headers.setBearerAuth(API_KEY);
        return http.postForEntity("/api/promo-assignments", new org.springframework.http.HttpEntity<>(
                "{\"loyaltyProgramId\": \"" + program + "\", \"customer\": {\"profileId\": \"" + profileId + "\"}}", headers),
                String.class);
    }

    public static org.springframework.boot.test.web.client.TestRestTemplate operator(org.springframework.boot.test.web.client.TestRestTemplate http) {
        org.springframework.boot.test.web.client.TestRestTemplate ops = http.withBasicAuth(OPERATOR, OPERATOR_PASSWORD);
        ops.getRestTemplate().getInterceptors().add((request, body, execution) -> {
            request.getHeaders().set("X-Requested-By", "tests");
            return execution.execute(request, body);
        });
        return ops;
    }

    /** Publishes a canonical event as another system would: CloudEvent headers, key = subject. */
    public static String publish(String bootstrapServers, String topic, String sourceSystem, String type, String subject, String json) {
        return publish(bootstrapServers, topic, sourceSystem, type, subject, json, Map.of());
    }

    /** The same with headers of the producer's own added. */
    public static String publish(String bootstrapServers, String topic, String sourceSystem, String type, String subject, String json,
            Map<String, String> extraHeaders) {
        String id = UUID.randomUUID().toString();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            CloudEvent event = new CloudEvent(id, CloudEvent.SOURCE_PREFIX + sourceSystem, CloudEvent.TYPE_PREFIX + type, subject,
                    java.time.OffsetDateTime.now(), json);
            ProducerRecord<String, byte[]> record = CloudEventRecords.write(topic, event);
            extraHeaders.forEach((k, v) -> record.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /** Publishes many card events at once. */
    public static void publishCards(String bootstrapServers, String topic, String sourceSystem, List<String> cardsJson,
            java.util.function.Function<String, String> keyOf) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 5))) {
            for (String json : cardsJson) {
                producer.send(CloudEventRecords.write(topic, CloudEvent.of(sourceSystem, "card", "upserted", keyOf.apply(json), json)));
            }
            producer.flush();
        }
    }

    /** Reads a topic from the beginning until a record matches, or the timeout passes. */
    public static List<ConsumerRecord<String, String>> readUntil(String bootstrapServers, String topic,
            Predicate<List<ConsumerRecord<String, String>>> enough, Duration timeout) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !enough.test(records)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The member ids of a consumer group now: a member thrown out and back (a rebalance) comes back with a new one. */
    public static java.util.Set<String> groupMembers(org.apache.kafka.clients.admin.Admin admin, String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get(10, java.util.concurrent.TimeUnit.SECONDS).get(group).members()
                .stream().map(org.apache.kafka.clients.admin.MemberDescription::consumerId).collect(java.util.stream.Collectors.toSet());
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A canonical card as another system would send it. */
    public static String card(String number, String barcode, String firstName, String amount) {
        return """
                {"number":"%s","barcode":"%s","active":true,"holder":{"firstName":"%s","lastName":"Tester","gender":"female"},
                 "accumulated":{"amount":"%s","currency":"MDL"}}""".formatted(number, barcode, firstName, amount);
    }
}
