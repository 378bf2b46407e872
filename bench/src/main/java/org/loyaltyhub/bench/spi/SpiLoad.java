package org.loyaltyhub.bench.spi;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.core5.http.ContentType;
import org.loyaltyhub.bench.BenchResults;
import org.loyaltyhub.bench.BenchResults.Figure;
import org.loyaltyhub.bench.hub.EcomSandbox;
import org.loyaltyhub.bench.hub.HubProcess.Endpoints;
import org.loyaltyhub.bench.load.OpenLoopLoad;
import org.loyaltyhub.bench.load.OpenLoopLoad.Step;

/**
 * SPI latency under open-loop load at fixed rates: for each rate, the JDBC baseline
 * ({@code POST /bench/baseline/lookup}), the SPI lookup and the SPI sale, one after the other against the same
 * hub. Lookups and sales go round-robin over a few cards (so sales do not all queue on one card's row lock);
 * every sale has a transaction_reference of its own. An operation stops climbing once a step fails to hold
 * (p99 over a second, or more than 1 % failed): its higher rates are not run.
 */
public final class SpiLoad {

    /** Highest p99 that still counts as holding a rate. */
    public static final double HELD_P99_MILLIS = 50;
    private static final String LOOKUP = "/spi/discount-cards/lookup";
    private static final String SALE = "/spi/discount-cards/transactions";
    private static final String BASELINE = "/bench/baseline/lookup";

    /** How to run: rates, how long each step lasts, warm-up, how many cards. */
    public record Plan(List<Integer> rates, Duration step, Duration warmUp, Duration pause, int cards) {
    }

    private final Endpoints hub;
    private final Plan plan;
    private final PrintStream log;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final List<String> cards = new ArrayList<>();

    public SpiLoad(Endpoints hub, Plan plan, PrintStream log) {
        this.hub = hub;
        this.plan = plan;
        this.log = log;
    }

    /** Creates the cards in the ecom sandbox and waits until the hub's poll took each in (SPI lookup 200). */
    public List<String> prepareCards(String prefix) throws IOException, InterruptedException {
        new EcomSandbox(hub.baseUrl()).create(prefix, plan.cards(), plan.cards());
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (int i = 0; i < plan.cards(); i++) {
            String card = EcomSandbox.code(prefix, i);
            while (true) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + LOOKUP))
                        .header("Authorization", "Bearer " + hub.spiKey()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"card_number\":\"" + card + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("card " + card + " never reached the SPI: " + answer.statusCode() + " " + answer.body());
                }
                Thread.sleep(250);
            }
            cards.add(card);
        }
        return cards;
    }

    /** Runs the plan; every step's line goes to the log and its percentile distribution into {@code detailsDir}. */
    public BenchResults run(Path detailsDir) throws IOException, InterruptedException {
        Files.createDirectories(detailsDir);
        Map<String, LongFunction<SimpleHttpRequest>> operations = new LinkedHashMap<>();
        operations.put("baseline", i -> post(BASELINE, lookupBody(i)));
        operations.put("lookup", i -> post(LOOKUP, lookupBody(i)));
        operations.put("sale", i -> {
            SimpleHttpRequest sale = post(SALE, saleBody(i));
            sale.addHeader("Register-ID", "bench-till-" + (i % cards.size()));
            return sale;
        });
        Map<String, Integer> expected = Map.of("baseline", 200, "lookup", 200, "sale", 201);
        Map<String, Map<Integer, Step>> steps = new LinkedHashMap<>();
        operations.keySet().forEach(op -> steps.put(op, new LinkedHashMap<>()));
        List<String> gaveUp = new ArrayList<>();
        try (OpenLoopLoad load = new OpenLoopLoad(256, Duration.ofSeconds(10));
             PrintStream details = new PrintStream(Files.newOutputStream(detailsDir.resolve("steps.txt")), true, StandardCharsets.UTF_8)) {
            log.println("SPI: warm-up " + plan.warmUp().toSeconds() + " s per operation at 100/s, over " + cards.size() + " cards");
            for (Map.Entry<String, LongFunction<SimpleHttpRequest>> op : operations.entrySet()) {
                log.println("  warm-up " + load.run(op.getKey(), 100, plan.warmUp(), op.getValue(), expected.get(op.getKey())));
            }
            for (int rate : plan.rates()) {
                for (Map.Entry<String, LongFunction<SimpleHttpRequest>> op : operations.entrySet()) {
                    if (gaveUp.contains(op.getKey())) {
                        continue;
                    }
                    Thread.sleep(plan.pause().toMillis());
                    Step step = load.run(op.getKey(), rate, plan.step(), op.getValue(), expected.get(op.getKey()));
                    steps.get(op.getKey()).put(rate, step);
                    log.println("  " + step);
                    details.println(step);
                    step.latencyMicros().outputPercentileDistribution(details, 5, 1000.0);
                    details.println();
                    if (step.percentileMillis(99) > 1000 || step.failed() > step.sent() / 100) {
                        gaveUp.add(op.getKey());
                        log.println("  " + op.getKey() + " does not hold " + rate + "/s: higher rates skipped");
                    }
                }
            }
        }
        return figures(steps);
    }

    static BenchResults figures(Map<String, Map<Integer, Step>> steps) {
        BenchResults results = new BenchResults();
        Map<Integer, Step> baseline = steps.getOrDefault("baseline", Map.of());
        for (String op : List.of("lookup", "sale")) {
            for (Map.Entry<Integer, Step> e : steps.getOrDefault(op, Map.of()).entrySet()) {
                Step base = baseline.get(e.getKey());
                for (double p : new double[] {50, 99, 99.9}) {
                    String name = String.format(Locale.ROOT, "spi.%s.%drps.p%s", op, e.getKey(), p == 99.9 ? "99.9" : String.valueOf((int) p));
                    double value = e.getValue().percentileMillis(p);
                    results.put(name, base == null ? Figure.of(value, "ms") : Figure.of(value, "ms", base.percentileMillis(p)));
                }
            }
        }
        double baseHeld = held(baseline);
        for (String op : List.of("lookup", "sale")) {
            double value = held(steps.getOrDefault(op, Map.of()));
            results.put("spi." + op + ".max-rate-p99-under-50ms", Figure.of(value, "req/s", baseHeld));
        }
        return results;
    }

    /** The highest rate held: p99 under 50 ms, no failures, the rate achieved; 0 when none. */
    static double held(Map<Integer, Step> steps) {
        double best = 0;
        for (Map.Entry<Integer, Step> e : steps.entrySet()) {
            Step s = e.getValue();
            if (s.percentileMillis(99) < HELD_P99_MILLIS && s.failed() == 0 && s.achievedRate() >= 0.95 * e.getKey()) {
                best = Math.max(best, e.getKey());
            }
        }
        return best;
    }

    private SimpleHttpRequest post(String path, String body) {
        return SimpleRequestBuilder.post(hub.baseUrl() + path)
                .addHeader("Authorization", "Bearer " + hub.spiKey())
                .setBody(body, ContentType.APPLICATION_JSON)
                .build();
    }

    private String lookupBody(long i) {
        return "{\"card_number\":\"" + cards.get((int) (i % cards.size())) + "\"}";
    }

    private long sales;

    private String saleBody(long i) {
        // unique per request across steps and runs: run id + a counter
        return "{\"card_number\":\"" + cards.get((int) (i % cards.size())) + "\",\"date\":1704067200,\"discount_amount\":\"1.00\","
                + "\"total_amount\":\"10.00\",\"transaction_type\":\"sale\",\"transaction_reference\":\"bench-" + run + "-" + (sales++) + "\"}";
    }
}
