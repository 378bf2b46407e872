package org.loyaltyhub.bench.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.loyaltyhub.bench.BenchArgs;
import org.loyaltyhub.bench.BenchResults;
import org.loyaltyhub.bench.BenchResults.Figure;
import org.loyaltyhub.bench.JfrTop;
import org.loyaltyhub.bench.hub.HeapSampler;
import org.loyaltyhub.bench.hub.HubJvm;
import org.loyaltyhub.bench.hub.HubProcess;
import org.loyaltyhub.bench.hub.Jfr;
import org.loyaltyhub.bench.hub.ProcessStats;

/**
 * The sync throughput and cost benchmarks against a hub on its local default in a child JVM: start-up time
 * (process start to health UP), then {@link SyncRun} (bare baseline, cards created, synced to every target),
 * with the hub's CPU time (its JVM and its PostgreSQL), its resident memory (sampled, and the kernel's peak)
 * and its heap (jstat; after a full GC for the live set).
 * <pre>
 * java -cp … org.loyaltyhub.bench.sync.SyncBench [--quick|--smoke] [--cards 100000] [--out target/bench]
 *      [--hub-jvm "<options>"] [--profile]   (JFR of the hub over the sync)
 * </pre>
 */
public final class SyncBench {

    public static final String NAME = "sync";

    private SyncBench() {
    }

    public static int cards(BenchArgs args) {
        return args.getInt("cards", switch (args.size()) {
            case SMOKE -> 200;
            case QUICK -> 1000;
            case FULL -> 100_000;
        });
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv);
        BenchArgs.quietLogs();
        Path dir = args.out().resolve(NAME);
        int cards = cards(args);
        Path routes = Path.of(args.get("routes", "routes")).toAbsolutePath();
        Path mappings = Path.of(args.get("mappings", "mappings")).toAbsolutePath();
        BenchResults results = new BenchResults();
        ObjectNode details = new ObjectMapper().createObjectNode();
        try (CardSink sink = new CardSink()) {
            Map<String, String> settings = Map.of();
            Path syncMappings = mappings;
            Optional<Path> settingsFile = Optional.empty();
            List<String> targets = BenchSinkSystem.cardTargets(mappings, "ecom");
            if (targets.isEmpty()) {
                BenchSinkSystem.Configuration config = BenchSinkSystem.write(dir.resolve("config"), routes, mappings, sink.baseUrl());
                settings = config.hubSettings();
                syncMappings = config.mappings();
                settingsFile = Optional.of(config.settingsFile());
                System.out.println("sync: no system but ecom subscribes to cards yet: bench-only target " + BenchSinkSystem.NAME
                        + " added in " + config.routes().getParent());
            } else {
                System.out.println("sync: card targets " + targets);
            }
            if (targets.contains("wallet")) {
                // the wallet platform's answers come from the harness's stand-in: the in-process simulator's work is
                // not the hub's cost
                Map<String, String> withWallet = new java.util.HashMap<>(settings);
                withWallet.put("hub.systems.wallet.base-url", sink.baseUrl() + "/wallet");
                settings = withWallet;
            }
            List<String> jvm = HubJvm.options(args);
            System.out.println("sync: starting the hub (local default) in a child JVM " + jvm);
            try (HubProcess hub = HubProcess.start(dir, jvm, settings, Duration.ofMinutes(3));
                 HeapSampler memory = new HeapSampler(hub.pid())) {
                memory.alsoPostgres(hub.postmasterPid());
                System.out.printf("sync: hub pid %d up in %.1f s%n", hub.pid(), hub.startupSeconds());
                results.put("cost.startup", Figure.of(hub.startupSeconds(), "s"));
                Thread.sleep(3000);
                double idleRss = ProcessStats.rssMiB(hub.pid());
                double idleHeap = memory.liveHeapMiB();
                SyncRun.CpuMeter cpu = new SyncRun.CpuMeter() {
                    @Override
                    public double hubJvm() {
                        return hub.jvmCpuSeconds();
                    }

                    @Override
                    public double postgres() {
                        return hub.postgresCpuSeconds();
                    }
                };
                SyncRun run = new SyncRun(hub.endpoints(), sink, syncMappings, settingsFile, cards, "92", cpu, System.out);
                run.prepare();
                double seededRss = ProcessStats.rssMiB(hub.pid());
                double seededHeap = memory.liveHeapMiB();
                memory.resetPeaks();
                if (args.has("profile")) {
                    Jfr.start(hub.pid());
                }
                SyncRun.Result sync = run.measure(Duration.ofMinutes(args.getInt("timeout-minutes", 25)));
                if (args.has("profile")) {
                    Path jfr = dir.resolve("hub-sync.jfr");
                    Jfr.stop(hub.pid(), jfr);
                    Files.writeString(dir.resolve("profile.txt"), JfrTop.summary(jfr, 25, List.of(
                            "org.loyaltyhub", "org.apache.camel", "com.dashjoin", "com.networknt", "org.postgresql", "com.zaxxer",
                            "org.springframework", "org.apache.kafka", "org.apache.hc", "com.fasterxml", "org.apache.catalina",
                            "org.apache.coyote", "com.jayway", "net.minidev")));
                    System.out.println("sync: profile " + jfr + ", summary " + dir.resolve("profile.txt"));
                }
                double peakRssSync = memory.peakRssMiB();
                double peakHeapSync = memory.peakHeapMiB();
                double liveAfter = memory.liveHeapMiB();
                double hwm = ProcessStats.peakRssMiB(hub.pid());

                results.put("sync.cards-per-second", Figure.of(sync.cardsPerSecond(), "cards/s", sync.bareCardsPerSecond()));
                results.put("sync.seconds-until-all-delivered", Figure.of(sync.seconds(), "s", sync.bare().seconds()));
                double hubCpuPer1000 = (sync.hubCpuSeconds() + sync.postgresCpuSeconds()) * 1000 / cards;
                double bareCpuPer1000 = (sync.bare().harnessCpuSeconds() + sync.bareBrokerCpuSeconds()) * 1000 / cards;
                results.put("cost.cpu-seconds-per-1000-cards", Figure.of(hubCpuPer1000, "cpu-s", bareCpuPer1000));
                results.put("cost.peak-rss", Figure.of(hwm, "MiB", idleRss));
                results.put("cost.peak-rss-during-sync", Figure.of(peakRssSync, "MiB", seededRss));
                results.put("cost.peak-heap-used-during-sync", Figure.of(peakHeapSync, "MiB", seededHeap));
                results.put("cost.live-heap-after-sync", Figure.of(liveAfter, "MiB", seededHeap));

                details.put("cards", cards);
                details.put("targets", new ObjectMapper().valueToTree(sync.expected()));
                details.put("hubJvmOptions", String.join(" ", jvm));
                details.put("hubPid", hub.pid());
                details.put("startupSeconds", hub.startupSeconds());
                details.put("seedSeconds", sync.seedSeconds());
                details.put("firstDeliverySeconds", sync.firstDeliverySeconds());
                details.put("allPublishedSeconds", sync.allPublishedSeconds());
                details.put("allDeliveredSeconds", sync.seconds());
                details.put("ecomPollsDuringSync", sync.polls());
                details.put("deadLetters", sync.deadLetters());
                details.put("cardsAtSink", sync.dispatchedBySink());
                details.put("hubJvmCpuSeconds", sync.hubCpuSeconds());
                details.put("postgresCpuSeconds", sync.postgresCpuSeconds());
                details.put("bareSeconds", sync.bare().seconds());
                details.put("bareHarnessCpuSeconds", sync.bare().harnessCpuSeconds());
                details.put("bareBrokerCpuSeconds", sync.bareBrokerCpuSeconds());
                details.put("rssIdleMiB", idleRss);
                details.put("rssAfterSeedingMiB", seededRss);
                details.put("liveHeapIdleMiB", idleHeap);
                details.put("liveHeapAfterSeedingMiB", seededHeap);
                details.put("peakCommittedHeapMiB", memory.peakCommittedHeapMiB());
                details.put("postgresPeakRssMiB", memory.peakPostgresRssMiB());
                details.put("command", String.join(" ", hub.command()));
                System.out.println("sync: " + details.toPrettyString());
            }
        }
        Files.createDirectories(dir);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("details.json").toFile(), details);
        System.out.print(results.table(false));
        System.out.println("written: " + results.writePart(args.out(), NAME));
    }
}
