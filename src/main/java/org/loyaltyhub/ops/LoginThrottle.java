package org.loyaltyhub.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Throttles guessing of the operator password: a client (by IP address) whose logins failed
 * {@code hub.ops.login.max-failures} times within {@code hub.ops.login.lockout} gets 429 with {@code Retry-After}
 * for its logins until that time has passed since its first failure, before any password is checked (bcrypt costs
 * a core for tens of milliseconds). A successful login clears the count. Counts are per instance, kept in memory.
 * Runs in the operator login's filter chain only ({@link SecurityConfiguration}).
 */
@Component
public class LoginThrottle extends OncePerRequestFilter {

    /** Beyond this many clients, those whose failures are older than the lockout are forgotten. */
    private static final int MAX_CLIENTS = 10_000;

    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Failures> byClient = new ConcurrentHashMap<>();

    private record Failures(int count, Instant since) {
    }

    @Autowired
    public LoginThrottle(@Value("${hub.ops.login.max-failures:10}") int maxFailures, @Value("${hub.ops.login.lockout:5m}") Duration lockout) {
        this(maxFailures, lockout, Clock.systemUTC());
    }

    LoginThrottle(int maxFailures, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = request.getRemoteAddr();
        Instant now = clock.instant();
        Failures failures = current(client, now);
        if (failures != null && failures.count() >= maxFailures) {
            long wait = Math.max(1, Duration.between(now, failures.since().plus(lockout)).toSeconds());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(wait));
            response.sendError(429, "Too many failed logins; try again in " + wait + " s");
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            failed(client, now);
        } else {
            byClient.remove(client);
        }
    }

    private Failures current(String client, Instant now) {
        Failures failures = byClient.get(client);
        if (failures != null && failures.since().plus(lockout).isBefore(now)) {
            byClient.remove(client, failures);
            return null;
        }
        return failures;
    }

    private void failed(String client, Instant now) {
        if (byClient.size() >= MAX_CLIENTS) {
            byClient.values().removeIf(f -> f.since().plus(lockout).isBefore(now));
        }
        byClient.compute(client, (key, earlier) -> earlier == null || earlier.since().plus(lockout).isBefore(now)
                ? new Failures(1, now) : new Failures(earlier.count() + 1, earlier.since()));
    }
}
