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
 * takes one card (the hub's {@code http-calls-sink} with one {@code http-call}: one event, one call), {@code POST /baseline} a JSON array
 * of cards (the bare loop's batches). It answers 200 {@code {}} and counts the distinct card numbers it saw.
 * Under {@code /wallet/api/v2} it stands in for the wallet platform as little as the hub needs: a customer or a
 * card created answers the envelope with a new id, so the hub's own cost is measured, not a simulator's.
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
    private final AtomicLong walletIds = new AtomicLong();

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
        server.createContext("/wallet/api/v2/", this::wallet);
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

    /** {"code", "data": {"id"}} for a customer or card create (a PATCH keeps the id of its path); 404 otherwise. */
    private void wallet(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String id = null;
            if (path.endsWith("/customers") || path.endsWith("/cards")) {
                id = (path.endsWith("/cards") ? "w-" : "c-") + walletIds.incrementAndGet();
            } else if (path.contains("/customers/") || path.contains("/cards/")) {
                id = path.substring(path.lastIndexOf('/') + 1);
            }
            calls.incrementAndGet();
            if (id == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] answer = ("{\"code\":200,\"data\":{\"id\":\"" + id + "\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, answer.length);
            exchange.getResponseBody().write(answer);
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
