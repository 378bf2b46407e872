package org.loyaltyhub.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, broker and controller in one) on loopback. Its log directory is
 * formatted once; later starts reuse it, so topics and offsets survive restarts.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = EmbeddedPostgresServer.HOST;
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafkaBroker(Path logDir, int requestedPort, int requestedControllerPort, int partitions) {
        this.port = requestedPort == 0 ? PortGuard.freePort(HOST) : requestedPort;
        int controllerPort = requestedControllerPort == 0 ? PortGuard.freePort(HOST) : requestedControllerPort;
        String hint = "Stop the process on that port, set hub.embedded.kafka.port / controller-port, or point spring.kafka.bootstrap-servers at an external broker.";
        PortGuard.requireFree(HOST, port, "Kafka broker", hint);
        PortGuard.requireFree(HOST, controllerPort, "Kafka controller", hint);

        Map<String, Object> settings = new HashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", String.valueOf(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        settings.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("log.dirs", logDir.toString());
        settings.put("num.partitions", String.valueOf(partitions));
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "5");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("auto.create.topics.enable", "true");
        settings.put("log.flush.interval.messages", "1");
        // the log cleaner (it compacts the consumer offsets) takes 128 MiB of heap for its dedupe buffer by default,
        // sized for a cluster's compacted topics; the hub's JVM hosts this broker, and its offsets topic is small
        settings.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));

        try {
            Files.createDirectories(logDir);
            KafkaConfig config = new KafkaConfig(settings, false);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                new Formatter()
                        .setPrintStream(System.out)
                        .setNodeId(NODE_ID)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setDirectories(java.util.List.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .run();
            }
            this.server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
        } catch (Exception e) {
            throw new IllegalStateException("Embedded Kafka failed to start in " + logDir + ": " + e.getMessage(), e);
        }
        log.info("Embedded Kafka listening on {}:{} (data in {})", HOST, port, logDir);
    }

    public static EmbeddedKafkaBroker start(Path logDir, int port, int controllerPort, int partitions) {
        return new EmbeddedKafkaBroker(logDir, port, controllerPort, partitions);
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

}
