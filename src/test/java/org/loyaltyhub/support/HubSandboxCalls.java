package org.loyaltyhub.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.loyaltyhub.inbound.BufferedRequest;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The hub's calls to the sandbox vendors, seen before the fault filter: what the hub sent (so a test can count the
 * creates it made, whatever the vendor did with them), and a call at which a system's fault changes (so a vendor can
 * misbehave for one call and be well-behaved, or lenient, for the next: a fault's {@code path} alone cannot tell a
 * create from the list on the same path). Only the hub's calls count: they carry its {@code User-Agent}. Test-side
 * calls to a sandbox (to seed, to look) are neither recorded nor counted. Wire it with {@code @Import(HubSandboxCalls.Wiring.class)}.
 */
public class HubSandboxCalls extends OncePerRequestFilter {

    /** One call the hub made: its system, method, path under {@code /sandbox/<system>}, body and when it arrived. */
    public record Call(String system, String method, String path, String body, java.time.Instant at) {

        boolean matches(String system, String method, String pathPrefix) {
            return this.system.equals(system) && this.method.equals(method) && path.startsWith(pathPrefix);
        }
    }

    /** A fault change waiting for the call that triggers it. */
    private record Change(String system, String method, String pathPrefix, long atCall, SandboxFault next) {
    }

    private static final String PREFIX = "/sandbox/";

    private final String hubUserAgent;
    private final SandboxFaults faults;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Change> changes = new CopyOnWriteArrayList<>();

    public HubSandboxCalls(String hubUserAgent, SandboxFaults faults) {
        this.hubUserAgent = hubUserAgent;
        this.faults = faults;
    }

    /** How many calls the hub made to the system with this method under this path. */
    public long count(String system, String method, String pathPrefix) {
        return calls.stream().filter(call -> call.matches(system, method, pathPrefix)).count();
    }

    /** The same, counting only calls whose body contains the text (a card number, a code). */
    public long count(String system, String method, String pathPrefix, String bodyContains) {
        return calls.stream().filter(call -> call.matches(system, method, pathPrefix) && call.body().contains(bodyContains)).count();
    }

    /**
     * When the hub's {@code nth} call (counted from now) with this method under this path arrives, the system's fault
     * becomes {@code next} (cleared when null) before that call is faulted or answered.
     */
    public void changeFaultAt(String system, String method, String pathPrefix, int nth, SandboxFault next) {
        changes.add(new Change(system, method, pathPrefix, count(system, method, pathPrefix) + nth, next));
    }

    /** When the hub's calls to the system with this method under this path arrived, in order. */
    public List<java.time.Instant> times(String system, String method, String pathPrefix) {
        return calls.stream().filter(call -> call.matches(system, method, pathPrefix)).map(Call::at).toList();
    }

    /** The hub's calls to the system with this method under this path, in the order they arrived. */
    public List<Call> calls(String system, String method, String pathPrefix) {
        return calls.stream().filter(call -> call.matches(system, method, pathPrefix)).toList();
    }

    /** When the hub's calls to the system arrived, whatever their method and path, in order. */
    public List<java.time.Instant> times(String system) {
        return calls.stream().filter(call -> call.system().equals(system)).map(Call::at).toList();
    }

    /** How many calls the hub made to the system, whatever their method and path. */
    public long count(String system) {
        return calls.stream().filter(call -> call.system().equals(system)).count();
    }

    /** Drops pending fault changes (between tests); the calls stay recorded. */
    public void cancelFaultChanges() {
        changes.clear();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(PREFIX) || !hubUserAgent.equals(request.getHeader(HttpHeaders.USER_AGENT));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String rest = request.getRequestURI().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String system = slash < 0 ? rest : rest.substring(0, slash);
        BufferedRequest kept = new BufferedRequest(request, request.getInputStream().readAllBytes());
        Call call = new Call(system, request.getMethod(), slash < 0 ? "" : rest.substring(slash),
                new String(kept.body(), StandardCharsets.UTF_8), java.time.Instant.now());
        synchronized (this) {
            calls.add(call);
            for (Change change : changes) {
                if (call.matches(change.system(), change.method(), change.pathPrefix())
                        && count(change.system(), change.method(), change.pathPrefix()) >= change.atCall()) {
                    changes.remove(change);
                    if (change.next() == null) {
                        faults.clear(change.system());
                    } else {
                        faults.set(change.system(), change.next());
                    }
                }
            }
        }
        chain.doFilter(kept, response);
    }

    /** The filter in front of the sandbox's fault filter, behind the contract check. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Wiring {

        @Bean
        HubSandboxCalls hubSandboxCalls(@Value("${camel.component.http.user-agent}") String hubUserAgent, SandboxFaults faults) {
            return new HubSandboxCalls(hubUserAgent, faults);
        }

        @Bean
        FilterRegistrationBean<HubSandboxCalls> hubSandboxCallsRegistration(HubSandboxCalls filter) {
            FilterRegistrationBean<HubSandboxCalls> registration = new FilterRegistrationBean<>(filter);
            registration.addUrlPatterns(PREFIX + "*");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            return registration;
        }
    }
}
