package org.loyaltyhub.bench.sync;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The sync benchmark's baseline: the same canonical cards through a bare loop with none of the hub's guarantees
 * beyond at-least-once: a Kafka producer (acks=all, linger 5 ms, CloudEvent headers) on a topic of three
 * partitions of the same broker, one consumer, and batched HTTP POSTs of {@code batch} cards to the same sink,
 * committing after each answered POST. Timed from the first send to the last card answered.
 */
final class BareBaseline {

    /** What the bare loop took. */
    record Outcome(int cards, double seconds, double harnessCpuSeconds) {
    }

    private BareBaseline() {
    }

    static Outcome run(String bootstrapServers, CardSink sink, List<String> canonicalCards, List<String> keys, int batch, Duration timeout)
            throws Exception {
        String topic = "bench.baseline." + Long.toString(System.currentTimeMillis(), 36);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties consumerSettings = new Properties();
        consumerSettings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        consumerSettings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerSettings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        int total = canonicalCards.size();
        AtomicReference<Exception> failure = new AtomicReference<>();
        java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        long[] finished = new long[1];
        Thread consumer = new Thread(() -> {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(consumerSettings);
                 CloseableHttpClient http = HttpClients.createDefault()) {
                kafka.subscribe(List.of(topic));
                long deadline = System.nanoTime() + timeout.toNanos();
                int delivered = 0;
                List<String> pending = new ArrayList<>(batch);
                while (delivered < total && System.nanoTime() < deadline) {
                    var records = kafka.poll(Duration.ofMillis(50));
                    if (!kafka.assignment().isEmpty()) {
                        assigned.countDown();
                    }
                    for (ConsumerRecord<String, String> record : records) {
                        pending.add(record.value());
                        if (pending.size() == batch) {
                            delivered += post(http, sink, pending);
                        }
                    }
                    if (!pending.isEmpty()) {
                        delivered += post(http, sink, pending);
                    }
                    if (!records.isEmpty()) {
                        kafka.commitSync();
                    }
                }
                finished[0] = System.nanoTime();
            } catch (Exception e) {
                failure.set(e);
                assigned.countDown();
            }
        }, "bench-baseline-consumer");
        consumer.start();
        if (!assigned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the baseline consumer got no partitions");
        }
        double cpuBefore = harnessCpu();
        long started = System.nanoTime();
        Properties producerSettings = new Properties();
        producerSettings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        producerSettings.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producerSettings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerSettings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerSettings)) {
            for (int i = 0; i < total; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, keys.get(i), canonicalCards.get(i));
                header(record, "ce_specversion", "1.0");
                header(record, "ce_id", UUID.randomUUID().toString());
                header(record, "ce_source", "/systems/ecom");
                header(record, "ce_type", "org.loyaltyhub.card.upserted");
                header(record, "ce_subject", keys.get(i));
                header(record, "ce_time", OffsetDateTime.now().toString());
                header(record, "content-type", "application/json");
                producer.send(record);
            }
            producer.flush();
        }
        consumer.join(timeout.toMillis() + 10_000);
        if (failure.get() != null) {
            throw failure.get();
        }
        if (sink.baselineCards() < total) {
            throw new IllegalStateException("the bare loop delivered " + sink.baselineCards() + " of " + total + " cards");
        }
        return new Outcome(total, (finished[0] - started) / 1e9, harnessCpu() - cpuBefore);
    }

    /** This JVM's CPU without the sink's threads (the vendor's work is no part of either side's cost). */
    static double harnessCpu() {
        return org.loyaltyhub.bench.hub.ProcessStats.cpuSeconds(ProcessHandle.current().pid(), false) - CardSink.threadCpuSeconds();
    }

    private static int post(CloseableHttpClient http, CardSink sink, List<String> cards) throws java.io.IOException {
        HttpPost post = new HttpPost(sink.baseUrl() + "/baseline");
        post.setEntity(new StringEntity("[" + String.join(",", cards) + "]", ContentType.APPLICATION_JSON));
        int status = http.execute(post, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
        if (status != 200) {
            throw new IllegalStateException("sink answered " + status);
        }
        int n = cards.size();
        cards.clear();
        return n;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
