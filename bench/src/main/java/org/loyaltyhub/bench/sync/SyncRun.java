package org.loyaltyhub.bench.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.loyaltyhub.bench.hub.EcomSandbox;
import org.loyaltyhub.bench.hub.HubProcess.Endpoints;
import org.loyaltyhub.bench.mapping.EcomCardByHand;

/**
 * One sync measurement: cards created in the ecom sandbox (bulk-create, 1,000 a call, while ecom is suspended so
 * no poll sees half of them), then from ecom's resume (its poll starts) until every subscribing target has
 * recorded the delivery of every card it subscribes to (the hub's delivery log, {@code camel_messageprocessed},
 * processor {@code delivery}, key {@code <target>:<event id>}). Beforehand, the same cards through the
 * {@link BareBaseline} on the same broker and sink, while the hub is idle.
 */
public final class SyncRun {

    /** CPU seconds of the hub's JVM and of its PostgreSQL; zero for a hub that is no process of its own. */
    public interface CpuMeter {
        double hubJvm();

        double postgres();

        CpuMeter NONE = new CpuMeter() {
            @Override
            public double hubJvm() {
                return 0;
            }

            @Override
            public double postgres() {
                return 0;
            }
        };
    }

    /** What one sync took. */
    public record Result(int cards, Map<String, Integer> expected, double seconds, double firstDeliverySeconds, double allPublishedSeconds,
            double seedSeconds, BareBaseline.Outcome bare, double bareBrokerCpuSeconds, double hubCpuSeconds, double postgresCpuSeconds,
            long dispatchedBySink, long deadLetters, double polls) {

        public double cardsPerSecond() {
            return cards / seconds;
        }

        public double bareCardsPerSecond() {
            return bare.cards() / bare.seconds();
        }
    }

    private final Endpoints hub;
    private final CardSink sink;
    private final Path mappings;
    private final Optional<Path> settings;
    private final int cards;
    private final String prefix;
    private final CpuMeter cpu;
    private final PrintStream log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Map<String, Integer> expected;
    private BareBaseline.Outcome bare;
    private double bareBrokerCpu;
    private double seedSeconds;
    private Map<String, Long> before;
    private double pollsBefore;

    public SyncRun(Endpoints hub, CardSink sink, Path mappings, Optional<Path> settings, int cards, String prefix, CpuMeter cpu, PrintStream log) {
        this.hub = hub;
        this.sink = sink;
        this.mappings = mappings;
        this.settings = settings;
        this.cards = cards;
        this.prefix = prefix;
        this.cpu = cpu;
        this.log = log;
    }

    /** The canonical cards the hub will make of the sandbox's cards (the hand-written mapping; refs left out). */
    List<String> canonicalCards() {
        ObjectMapper json = new ObjectMapper();
        EcomCardByHand byHand = new EcomCardByHand(json, "MDL");
        List<String> canonical = new ArrayList<>(cards);
        for (int i = 0; i < cards; i++) {
            try {
                canonical.add(byHand.map(json.readTree(EcomSandbox.card(prefix, i))).toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return canonical;
    }

    /** Suspends ecom, runs the bare baseline, creates the cards in the sandbox; the hub is quiet afterwards. */
    public void prepare() throws Exception {
        List<String> canonical = canonicalCards();
        expected = SyncTargets.expected(mappings, settings, "ecom", canonical);
        if (expected.isEmpty()) {
            throw new IllegalStateException("no system but ecom subscribes to card.upserted in " + mappings);
        }
        log.println("sync: targets and cards each must receive: " + expected);
        ops("POST", "/ops/api/systems/ecom/suspend");
        List<String> keys = new ArrayList<>(cards);
        for (int i = 0; i < cards; i++) {
            keys.add(EcomSandbox.code(prefix, i));
        }
        double brokerBefore = cpu.hubJvm();
        bare = BareBaseline.run(hub.bootstrapServers(), sink, canonical, keys, 100, Duration.ofMinutes(10));
        bareBrokerCpu = cpu.hubJvm() - brokerBefore;
        log.printf("sync: bare baseline %d cards in %.2f s (%.0f cards/s)%n", bare.cards(), bare.seconds(), bare.cards() / bare.seconds());
        long seedStart = System.nanoTime();
        new EcomSandbox(hub.baseUrl()).create(prefix, cards, 1000);
        seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        log.printf("sync: %d cards created in the ecom sandbox in %.1f s%n", cards, seedSeconds);
        before = quiet();
        pollsBefore = polls();
    }

    /** Resumes ecom and waits until every target has every delivery; returns what it took. */
    public Result measure(Duration timeout) throws Exception {
        double hubCpuBefore = cpu.hubJvm();
        double pgCpuBefore = cpu.postgres();
        long start = System.nanoTime();
        ops("POST", "/ops/api/systems/ecom/resume");
        double firstDelivery = -1;
        double allPublished = -1;
        long deadline = start + timeout.toNanos();
        long lastReport = start;
        try (Connection db = DriverManager.getConnection(hub.jdbcUrl(), "postgres", "")) {
            while (true) {
                Map<String, Long> now = delivered(db);
                long published = published(db);
                double at = (System.nanoTime() - start) / 1e9;
                boolean all = true;
                long any = 0;
                for (Map.Entry<String, Integer> e : expected.entrySet()) {
                    long done = now.getOrDefault(e.getKey(), 0L) - before.getOrDefault(e.getKey(), 0L);
                    any += done;
                    all &= done >= e.getValue();
                }
                if (firstDelivery < 0 && any > 0) {
                    firstDelivery = at;
                }
                if (allPublished < 0 && published >= cards) {
                    allPublished = at;
                }
                if (all) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("sync not done within " + timeout + ": delivered " + now + " (before " + before
                            + "), published " + published + ", expected " + expected);
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    log.printf("sync: %5.0f s published %d, delivered %s%n", at, published, minus(now, before));
                    lastReport = System.nanoTime();
                }
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double hubCpu = cpu.hubJvm() - hubCpuBefore;
            double pgCpu = cpu.postgres() - pgCpuBefore;
            long dead = count(db, "SELECT count(*) FROM dead_letter WHERE subject LIKE ?", prefix + "%");
            return new Result(cards, expected, seconds, firstDelivery, allPublished, seedSeconds, bare, bareBrokerCpu, hubCpu, pgCpu,
                    sink.cardsWithPrefix(prefix), dead, polls() - pollsBefore);
        }
    }

    /** Waits until the hub has nothing in flight (no unpublished events, delivery counts still), and returns the counts. */
    private Map<String, Long> quiet() throws SQLException, InterruptedException {
        try (Connection db = DriverManager.getConnection(hub.jdbcUrl(), "postgres", "")) {
            Map<String, Long> last = delivered(db);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                Thread.sleep(1000);
                Map<String, Long> now = delivered(db);
                if (now.equals(last) && count(db, "SELECT count(*) FROM event_outbox WHERE published_at IS NULL AND subject LIKE ?", "%") == 0) {
                    return now;
                }
                last = now;
            }
            return last;
        }
    }

    private Map<String, Long> delivered(Connection db) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String target : expected.keySet()) {
            counts.put(target, count(db, "SELECT count(*) FROM camel_messageprocessed WHERE processorname = 'delivery' AND messageid LIKE ?",
                    target + ":%"));
        }
        return counts;
    }

    private long published(Connection db) throws SQLException {
        return count(db, "SELECT count(*) FROM event_outbox WHERE published_at IS NOT NULL AND subject LIKE ?", prefix + "%");
    }

    private static long count(Connection db, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Map<String, Long> minus(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> d = new LinkedHashMap<>();
        a.forEach((k, v) -> d.put(k, v - b.getOrDefault(k, 0L)));
        return d;
    }

    /** How many times the ecom poll route ran (Camel's route policy counter), NaN when the metric is not there. */
    double polls() {
        try {
            String metrics = ops("GET", "/actuator/prometheus");
            for (String line : metrics.lines().toList()) {
                if (line.startsWith("camel_exchanges_total{") && line.contains("routeId=\"ecom-card-poll\"") && line.contains("eventType=\"route\"")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private String ops(String method, String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                .header("Authorization", hub.opsAuthorization()).header("X-Requested-By", "bench").timeout(Duration.ofSeconds(30));
        request = method.equals("POST") ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }
}
