package org.loyaltyhub.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Kafka clients of the hub's own: the outbox producer, the admin client, topic creation and health. */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    @Bean(destroyMethod = "close")
    Producer<String, byte[]> eventProducer(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // the relay flushes each batch itself; lingering would only add latency (PERF-NOTES.md)
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class); // CloudEventRecords writes the bytes
        return new KafkaProducer<>(settings);
    }

    /** Creates the hub's topics before any route consumes them; existing topics are left alone. */
    @Bean
    TopicsCreated topicsCreated(Admin admin, Topics topics,
            @Value("${hub.kafka.partitions:3}") int partitions,
            @Value("${hub.kafka.replication-factor:1}") short replicationFactor) throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : topics.all()) {
            if (!existing.contains(topic)) {
                missing.add(new NewTopic(topic, partitions, replicationFactor));
            }
        }
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
        return new TopicsCreated(topics.all());
    }

    @Bean
    HealthIndicator kafkaHealthIndicator(Admin admin) {
        return () -> {
            try {
                int brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                return Health.up().withDetail("brokers", brokers).build();
            } catch (Exception e) {
                return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
            }
        };
    }

    /** Marks that topics exist; routes that consume depend on it. */
    public record TopicsCreated(List<String> names) {
    }
}
