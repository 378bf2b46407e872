package org.loyaltyhub.bench.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.loyaltyhub.bench.BenchArgs;
import org.loyaltyhub.bench.BenchResults;
import org.loyaltyhub.bench.BenchResults.Figure;
import org.loyaltyhub.bench.JfrTop;
import org.loyaltyhub.bench.hub.HubJvm;
import org.loyaltyhub.bench.hub.HubProcess;
import org.loyaltyhub.bench.hub.Jfr;
import org.loyaltyhub.bench.sync.CardSink;

/**
 * The SPI latency benchmark against a hub on its local default in a child JVM ({@link HubProcess}).
 * <pre>
 * java -cp … org.loyaltyhub.bench.spi.SpiBench [--quick|--smoke] [--out target/bench] [--hub-jvm "<options>"]
 *      [--rates 50,200,500] [--step-seconds 20] [--profile]   (JFR of the hub over the measured steps)
 * </pre>
 */
public final class SpiBench {

    public static final String NAME = "spi";

    private SpiBench() {
    }

    public static SpiLoad.Plan plan(BenchArgs args) {
        List<Integer> rates = switch (args.size()) {
            case SMOKE -> List.of(20);
            case QUICK -> List.of(50, 200, 500);
            case FULL -> List.of(50, 100, 200, 300, 500, 750, 1000);
        };
        if (args.has("rates")) {
            rates = java.util.Arrays.stream(args.get("rates", "").split(",")).map(String::trim).map(Integer::parseInt).toList();
        }
        int stepSeconds = args.getInt("step-seconds", switch (args.size()) {
            case SMOKE -> 1;
            case QUICK -> 3;
            case FULL -> 20;
        });
        Duration warmUp = Duration.ofSeconds(switch (args.size()) {
            case SMOKE -> 1;
            case QUICK -> 3;
            case FULL -> 15;
        });
        Duration pause = Duration.ofMillis(args.size() == BenchArgs.Size.FULL ? 3000 : 500);
        return new SpiLoad.Plan(rates, Duration.ofSeconds(stepSeconds), warmUp, pause, args.getInt("cards", CARDS));
    }

    /**
     * Cards the load spreads over. A till sells to one customer at a time, so one card rarely sees two sales in a second;
     * a handful of cards at hundreds of sales a second would measure the queue on their row locks instead of a sale.
     */
    static final int CARDS = 200;

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv);
        BenchArgs.quietLogs();
        Path dir = args.out().resolve(NAME);
        SpiLoad.Plan plan = plan(args);
        System.out.println("SPI: starting the hub (local default) in a child JVM " + HubJvm.options(args));
        BenchResults results;
        // every sale is delivered on to the wallet (its operation) while the load runs: as in the sync benchmark, the
        // wallet platform answers from the harness's stand-in, since the in-process simulator's work is not the hub's cost
        try (CardSink wallet = new CardSink();
             HubProcess hub = HubProcess.start(dir, HubJvm.options(args),
                     Map.of("hub.systems.wallet.base-url", wallet.baseUrl() + "/wallet"), Duration.ofMinutes(3))) {
            System.out.printf("SPI: hub pid %d up in %.1f s at %s%n", hub.pid(), hub.startupSeconds(), hub.endpoints().baseUrl());
            SpiLoad load = new SpiLoad(hub.endpoints(), plan, System.out);
            load.prepareCards("91");
            boolean profile = args.has("profile");
            if (profile) {
                Jfr.start(hub.pid());
            }
            results = load.run(dir);
            if (profile) {
                Path jfr = dir.resolve("hub-spi.jfr");
                Jfr.stop(hub.pid(), jfr);
                String top = JfrTop.summary(jfr, 25, List.of(JfrTopPackages.DEFAULT));
                java.nio.file.Files.writeString(dir.resolve("profile.txt"), top);
                System.out.println("SPI: profile " + jfr + ", summary " + dir.resolve("profile.txt"));
            }
        }
        System.out.print(results.table(false));
        System.out.println("written: " + results.writePart(args.out(), NAME));
    }

    /** Packages the profile summary looks at. */
    static final class JfrTopPackages {
        static final String[] DEFAULT = {"org.loyaltyhub", "org.apache.camel", "com.dashjoin", "com.networknt", "org.postgresql",
                "com.zaxxer", "org.springframework", "org.apache.kafka", "org.apache.hc", "com.fasterxml", "org.apache.catalina",
                "org.apache.coyote", "org.apache.tomcat"};
    }
}
