package org.loyaltyhub.sandbox.faults;

import org.loyaltyhub.inbound.BufferedRequest;
import org.loyaltyhub.sandbox.SandboxProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.loyaltyhub.sandbox.faults.SandboxFault.Mode;

/**
 * Applies the active {@link SandboxFault} of a system to every call under {@code /sandbox/<system>/} (or under the
 * fault's path): before the call reaches the simulated vendor, or, for a vendor behaviour ({@link Mode}), around it. The fault endpoints themselves are never faulted, so a fault can always be
 * cleared.
 */
public class SandboxFaultFilter extends OncePerRequestFilter {

    /** Where every sandbox vendor answers: {@code /sandbox/<system>/…}. */
    public static final String PREFIX = "/sandbox/";
    static final String FAULTS_SEGMENT = "_faults";
    /** Longer than any client read timeout the hub uses, so a hanging call is a timeout for the client. */
    static final Duration HANG = Duration.ofSeconds(30);

    private static final byte[] FAULT_BODY = "{\"error\":\"injected fault\"}".getBytes(StandardCharsets.UTF_8);

    /** Waits; replaced in tests so that delays and hangs are observed rather than waited out. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final SandboxFaults faults;
    private final Sleeper sleeper;

    public SandboxFaultFilter(SandboxFaults faults) {
        this(faults, duration -> Thread.sleep(duration.toMillis()));
    }

    SandboxFaultFilter(SandboxFaults faults, Sleeper sleeper) {
        this.faults = faults;
        this.sleeper = sleeper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return faultableSystem(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String system = faultableSystem(request);
        SandboxFault fault = system == null ? null : faults.active(system)
                .filter(active -> active.covers(vendorPath(request, system))).orElse(null);
        if (fault == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean fails = ThreadLocalRandom.current().nextDouble() < fault.rate(); // rate 1 always, rate 0 never
        try {
            if (fault.delayMs() > 0) {
                sleeper.sleep(fault.delay());
            }
            if (fails && fault.timeout()) {
                sleeper.sleep(HANG);
            }
            if (fails && (fault.status() != null || fault.timeout() || fault.mode() != null)) {
                faults.recordFailedCall(system);
            }
            if (fails && fault.mode() != null) {
                behave(fault, request, response, chain);
                return;
            }
        } catch (InterruptedException e) {
            // The server is stopping: end the call as an outage rather than with an error in the log.
            Thread.currentThread().interrupt();
            writeFault(response, 503, null);
            return;
        }
        if (fails && fault.status() != null) {
            writeFault(response, fault.status(), fault.sendsRetryAfter() ? fault.retryAfterSeconds() : null);
            return;
        }
        // No status: the call goes through, late (after a delay, or after a hang the client gave up on).
        chain.doFilter(request, response);
    }

    /** Whether the vendor behind this request should let a duplicate create through ({@link Mode#DUPLICATES_ACCEPTED}). */
    public static boolean duplicatesAccepted(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(DUPLICATES_ACCEPTED));
    }

    private static final String DUPLICATES_ACCEPTED = SandboxFaultFilter.class.getName() + ".duplicatesAccepted";

    /** What a real vendor does: the call reaches the simulator (or part of it does), the answer is the vendor's way. */
    private void behave(SandboxFault fault, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException, InterruptedException {
        switch (fault.mode()) {
            case DUPLICATES_ACCEPTED -> {
                request.setAttribute(DUPLICATES_ACCEPTED, true);
                chain.doFilter(request, response);
            }
            case BODY_DROPPED -> chain.doFilter(new BufferedRequest(request, new byte[0]), response);
            case APPLIED_NO_ANSWER -> {
                ContentCachingResponseWrapper discarded = new ContentCachingResponseWrapper(response);
                chain.doFilter(request, discarded);
                if (fault.variant().equals("hang")) {
                    sleeper.sleep(HANG);
                    return;
                }
                // Promise the answer, send none of it, and drop the connection (which the client must not use again:
                // whatever it reads of it is not an answer).
                response.setHeader("Connection", "close");
                response.setContentLength(Math.max(1, discarded.getContentSize()));
                response.flushBuffer();
                throw new IOException("sandbox fault applied-no-answer/reset: connection dropped after the call took effect");
            }
            case PARTIAL_BULK -> {
                byte[] sent = request.getInputStream().readAllBytes();
                ArrayNode items = readJson(sent) instanceof ArrayNode array ? array : null;
                if (items == null || items.size() < 2) {
                    chain.doFilter(new BufferedRequest(request, sent), response);
                    return;
                }
                int answered = items.size() / 2;
                if (fault.variant().equals("rest-not-applied")) {
                    chain.doFilter(withItems(request, items, answered), response);
                    return;
                }
                ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
                chain.doFilter(withItems(request, items, items.size()), answer);
                JsonNode all = readJson(answer.getContentAsByteArray());
                byte[] body = all instanceof ArrayNode list
                        ? JSON.writeValueAsBytes(JSON.createArrayNode().addAll(first(list, answered)))
                        : answer.getContentAsByteArray();
                answer.resetBuffer();
                answer.setContentLength(body.length);
                answer.getOutputStream().write(body);
                answer.copyBodyToResponse();
            }
            case NON_ATOMIC_BULK -> {
                byte[] sent = request.getInputStream().readAllBytes();
                ArrayNode items = readJson(sent) instanceof ArrayNode array ? array : null;
                if (items == null || items.isEmpty()) {
                    chain.doFilter(new BufferedRequest(request, sent), response);
                    return;
                }
                int bad = items.size() - 1;
                if (bad > 0) {
                    chain.doFilter(withItems(request, items, bad), new ContentCachingResponseWrapper(response));
                }
                response.reset();
                writeJson(response, 400, JSON.writeValueAsBytes(Map.of("error", "invalid items",
                        "details", List.of(new SandboxProblem(bad, null, "refused (fault non-atomic-bulk); items before it were applied")))));
            }
            case NONSENSE -> {
                ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
                chain.doFilter(request, answer);
                byte[] real = answer.getContentAsByteArray();
                response.reset();
                writeJson(response, 200, switch (fault.variant()) {
                    case "empty-list" -> "[]".getBytes(StandardCharsets.UTF_8);
                    case "truncated" -> Arrays.copyOf(real, real.length / 2);
                    default -> "{}".getBytes(StandardCharsets.UTF_8);
                });
            }
            case SLOW_DRIP -> {
                ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
                chain.doFilter(request, answer);
                byte[] body = answer.getContentAsByteArray();
                response.setContentLength(body.length);
                int pieces = Math.max(1, Math.min(DRIP_PIECES, body.length));
                Duration pause = Duration.ofMillis(fault.dripMs() / pieces);
                for (int i = 0; i < pieces; i++) {
                    response.getOutputStream().write(body, i * body.length / pieces,
                            (i + 1) * body.length / pieces - i * body.length / pieces);
                    response.flushBuffer();
                    sleeper.sleep(pause);
                }
            }
        }
    }

    private static final int DRIP_PIECES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode readJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<JsonNode> first(ArrayNode items, int count) {
        List<JsonNode> kept = new ArrayList<>();
        items.forEach(kept::add);
        return kept.subList(0, Math.min(count, kept.size()));
    }

    private static HttpServletRequest withItems(HttpServletRequest request, ArrayNode items, int count) throws IOException {
        return new BufferedRequest(request, JSON.writeValueAsBytes(JSON.createArrayNode().addAll(first(items, count))));
    }

    private static void writeJson(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void writeFault(HttpServletResponse response, int status, Integer retryAfterSeconds) throws IOException {
        if (retryAfterSeconds != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        }
        writeJson(response, status, FAULT_BODY);
    }

    /** The vendor's own path: what follows {@code /sandbox/<system>}. */
    private static String vendorPath(HttpServletRequest request, String system) {
        return request.getRequestURI().substring(request.getContextPath().length() + PREFIX.length() + system.length());
    }

    /** The system a request goes to, or null when it is not a sandbox vendor call (or is a fault endpoint). */
    static String faultableSystem(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String system = slash < 0 ? rest : rest.substring(0, slash);
        String afterSystem = slash < 0 ? "" : rest.substring(slash + 1);
        // _faults and the sandbox's other controls (_accrue) are not the vendor's API: never faulted
        boolean control = afterSystem.startsWith("_");
        return system.isEmpty() || control ? null : system;
    }
}
