package org.loyaltyhub.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the active {@link SandboxFault} of a system to every call under {@code /sandbox/<system>/}, before the
 * call reaches the simulated vendor. The fault endpoints themselves are never faulted, so a fault can always be
 * cleared.
 */
public class SandboxFaultFilter extends OncePerRequestFilter {

    static final String PREFIX = "/sandbox/";
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
        SandboxFault fault = system == null ? null : faults.active(system).orElse(null);
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
        } catch (InterruptedException e) {
            // The server is stopping: end the call as an outage rather than with an error in the log.
            Thread.currentThread().interrupt();
            writeFault(response, 503, null);
            return;
        }
        if (fails && (fault.status() != null || fault.timeout())) {
            faults.recordFailedCall(system);
        }
        if (fails && fault.status() != null) {
            writeFault(response, fault.status(), fault.sendsRetryAfter() ? fault.retryAfterSeconds() : null);
            return;
        }
        // No status: the call goes through, late (after a delay, or after a hang the client gave up on).
        chain.doFilter(request, response);
    }

    private static void writeFault(HttpServletResponse response, int status, Integer retryAfterSeconds) throws IOException {
        response.setStatus(status);
        if (retryAfterSeconds != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(FAULT_BODY.length);
        response.getOutputStream().write(FAULT_BODY);
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
        boolean faultEndpoint = afterSystem.equals(FAULTS_SEGMENT) || afterSystem.startsWith(FAULTS_SEGMENT + "/");
        return system.isEmpty() || faultEndpoint ? null : system;
    }
}
