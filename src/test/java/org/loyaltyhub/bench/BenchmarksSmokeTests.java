package org.loyaltyhub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.bench.BenchResults.Figure;
import org.loyaltyhub.bench.hub.HubProcess;
import org.loyaltyhub.bench.hub.ProcessStats;
import org.loyaltyhub.bench.mapping.MappingBench;
import org.loyaltyhub.bench.spi.SpiLoad;
import org.loyaltyhub.bench.sync.BenchSinkSystem;
import org.loyaltyhub.bench.sync.CardSink;
import org.loyaltyhub.bench.sync.SyncRun;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.HubTestSupport;
import org.loyaltyhub.support.TestInfrastructure;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs every benchmark of bench/ at a tiny size so that none of them rots: the mapping benchmark through JMH
 * (no fork, 100 ms iterations), and the sync and the SPI load against one hub in this JVM on the test
 * infrastructure. Asserts only that each produced well-formed figures, never a speed.
 */
class BenchmarksSmokeTests {

    @Test
    void mappingBenchmarkGivesAFigureForEveryMapping() throws Exception {
        BenchResults results = MappingBench.run(BenchArgs.parse(new String[] {"--smoke", "--mappings", "mappings"}));
        assertThat(results.figures()).containsKeys("mapping.ecom/card.to-canonical", "mapping.ecom/card.from-canonical",
                "mapping.ecom/card.to-canonical.hand-written-jackson", "mapping.ecom/card.to-canonical.camel-jsonata-endpoint");
        assertWellFormed(results);
        assertThat(results.figures().get("mapping.ecom/card.to-canonical").ratio()).isNotNull();
    }

    @Test
    void syncAndSpiBenchmarksRunAgainstAHub(@TempDir Path dir) throws Exception {
        try (CardSink sink = new CardSink()) {
            BenchSinkSystem.Configuration config = BenchSinkSystem.write(dir.resolve("config"), Path.of("routes"), Path.of("mappings"), sink.baseUrl());
            String database = TestInfrastructure.get().newDatabase();
            int port = HubProcess.freePort();
            Map<String, String> settings = HubApplications.onSharedInfrastructure(database, TestInfrastructure.uniquePrefix());
            settings.put("server.port", String.valueOf(port));
            settings.put("hub.sandbox.enabled", "true");
            settings.put("hub.bench.enabled", "true");
            settings.put("hub.spi.api-keys", HubTestSupport.SPI_KEY);
            settings.put("hub.systems.ecom.base-url", "http://127.0.0.1:" + port + "/sandbox/ecom");
            settings.put("hub.systems.ecom.poll-interval", "500ms");
            settings.put("hub.systems.ecom.poll-delay", "200");
            settings.put("hub.systems.ecom.batch.timeout", "200");
            settings.put("hub.systems.codes.enabled", "false");
            settings.put("hub.systems.promo.enabled", "false");
            settings.putAll(config.hubSettings());
            HubProcess.Endpoints hub = new HubProcess.Endpoints("http://127.0.0.1:" + port, database,
                    TestInfrastructure.get().bootstrapServers(), HubTestSupport.SPI_KEY, HubTestSupport.OPERATOR, HubTestSupport.OPERATOR_PASSWORD);
            try (ConfigurableApplicationContext context = HubApplications.start(settings)) {
                SyncRun sync = new SyncRun(hub, sink, config.mappings(), Optional.of(config.settingsFile()), 200, "94", SyncRun.CpuMeter.NONE, System.out);
                sync.prepare();
                SyncRun.Result result = sync.measure(Duration.ofSeconds(90));
                assertThat(result.expected()).containsEntry(BenchSinkSystem.NAME, 200);
                assertThat(result.dispatchedBySink()).isEqualTo(200);
                assertThat(result.cardsPerSecond()).isPositive();
                assertThat(result.bareCardsPerSecond()).isPositive();

                SpiLoad spi = new SpiLoad(hub, new SpiLoad.Plan(List.of(20), Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofMillis(100), 3), System.out);
                assertThat(spi.prepareCards("93")).hasSize(3);
                BenchResults figures = spi.run(dir.resolve("spi"));
                assertThat(figures.figures()).containsKeys("spi.lookup.20rps.p50", "spi.lookup.20rps.p99", "spi.lookup.20rps.p99.9",
                        "spi.sale.20rps.p99", "spi.lookup.max-rate-p99-under-50ms", "spi.sale.max-rate-p99-under-50ms");
                assertThat(figures.figures().get("spi.lookup.20rps.p99").baseline()).as("the JDBC baseline answered").isNotNull();
                assertWellFormed(figures);
            }
        }
        assertThat(ProcessStats.cpuSeconds(ProcessHandle.current().pid(), false)).isPositive();
        assertThat(ProcessStats.rssMiB(ProcessHandle.current().pid())).isPositive();
    }

    /** Every figure has a unit and a finite value, and written and read back it is the same. */
    private static void assertWellFormed(BenchResults results) {
        assertThat(results.figures()).isNotEmpty();
        results.figures().forEach((name, f) -> {
            assertThat(f.unit()).as(name).isNotBlank();
            assertThat(Double.isFinite(f.value())).as(name).isTrue();
            assertThat(f.value()).as(name).isNotNegative();
        });
        Path tmp = Path.of("target", "bench-smoke");
        BenchResults back = BenchResults.read(results.writePart(tmp, "smoke-" + System.nanoTime()));
        assertThat(back.figures().keySet()).isEqualTo(results.figures().keySet());
        for (Map.Entry<String, Figure> e : back.figures().entrySet()) {
            assertThat(e.getValue().unit()).isEqualTo(results.figures().get(e.getKey()).unit());
        }
    }
}
