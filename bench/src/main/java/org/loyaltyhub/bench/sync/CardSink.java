package org.loyaltyhub.bench.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The minimal HTTP sink both sides of the sync benchmark deliver to, on loopback in the harness: {@code POST /cards}
 * takes one card (the hub's {@code http-sink} template: one event, one call), {@code POST /baseline} a JSON array
 * of cards (the bare loop's batches). It answers 200 {@code {}} and counts the distinct card numbers it saw.
 */
public final class CardSink implements AutoCloseable {

    static {
        // com.sun.net.httpserver without TCP_NODELAY waits ~40 ms per answer (Nagle + delayed ACK, PERF-NOTES.md)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final byte[] OK = "{}".getBytes(StandardCharsets.UTF_8);
    private static final String THREADS = "bench-sink-";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService workers;
    private final Set<String> cards = ConcurrentHashMap.newKeySet();
    private final Set<String> baselineCards = ConcurrentHashMap.newKeySet();
    private final AtomicLong calls = new AtomicLong();

    public CardSink() throws IOException {
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, THREADS + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(workers);
        server.createContext("/cards", exchange -> take(exchange, cards));
        server.createContext("/baseline", exchange -> take(exchange, baselineCards));
        server.start();
    }

    private void take(HttpExchange exchange, Set<String> into) throws IOException {
        try (exchange) {
            JsonNode body = json.readTree(exchange.getRequestBody());
            if (body.isArray()) {
                body.forEach(card -> into.add(number(card)));
            } else {
                into.add(number(body));
            }
            calls.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, OK.length);
            exchange.getResponseBody().write(OK);
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
        }
    }

    private static String number(JsonNode card) {
        return card.hasNonNull("cardNo") ? card.path("cardNo").asText() : card.path("number").asText();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Distinct cards with this prefix the hub delivered ({@code /cards}). */
    public long cardsWithPrefix(String prefix) {
        return cards.stream().filter(c -> c.startsWith(prefix)).count();
    }

    public long baselineCards() {
        return baselineCards.size();
    }

    public long calls() {
        return calls.get();
    }

    /** CPU seconds the sink's own threads used so far (to leave the vendor's cost out of the baseline's). */
    public static double threadCpuSeconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith(THREADS) || info.getThreadName().startsWith("HTTP-Dispatcher"))) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                total += nanos > 0 ? nanos / 1e9 : 0;
            }
        }
        return total;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
