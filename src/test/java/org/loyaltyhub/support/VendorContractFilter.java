package org.loyaltyhub.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.loyaltyhub.inbound.BufferedRequest;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Holds every call the hub makes to a sandbox vendor, and the vendor's answer, against the project's copy of that
 * vendor's contract ({@code src/test/resources/contracts/<system>.openapi.yaml}) and records what breaks it.
 *
 * <p>Only the hub's calls are checked: they carry its {@code User-Agent} ({@code camel.component.http.user-agent}).
 * A test calling a sandbox itself (to look, to seed, to send something wrong on purpose) uses another client and
 * is not checked. While a fault is set for a system its answers are not checked (a fault's answer breaks the
 * contract on purpose); the hub's requests still are.
 */
public class VendorContractFilter extends OncePerRequestFilter {

    static final String PREFIX = "/sandbox/";
    private final String hubUserAgent;
    private final SandboxFaults faults;
    private final List<String> violations = new CopyOnWriteArrayList<>();

    public VendorContractFilter(String hubUserAgent, SandboxFaults faults) {
        this.hubUserAgent = hubUserAgent;
        this.faults = faults;
    }

    /** The violations recorded since the last call, which it clears. */
    public List<String> drainViolations() {
        List<String> drained = new ArrayList<>(violations);
        violations.removeAll(drained);
        return drained;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return system(request) == null || !hubUserAgent.equals(request.getHeader(HttpHeaders.USER_AGENT));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String system = system(request);
        OpenApiInteractionValidator contract = VendorContracts.of(system);
        BufferedRequest kept = new BufferedRequest(request, request.getInputStream().readAllBytes());
        Request call = call(kept);
        if (faults.active(system).isPresent()) {
            chain.doFilter(kept, response);
            record(system, call, contract.validateRequest(call));
            return;
        }
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(kept, answer);
            record(system, call, contract.validate(call, answer(answer)));
        } finally {
            answer.copyBodyToResponse();
        }
    }

    private void record(String system, Request call, ValidationReport report) {
        if (report.hasErrors()) {
            violations.add(system + " " + call.getMethod() + " " + call.getPath() + ": "
                    + report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                            .map(VendorContractFilter::describe).toList());
        }
    }

    /** A message with the ones under it: an {@code allOf} failure says which of its parts failed only there. */
    private static String describe(ValidationReport.Message message) {
        String nested = message.getNestedMessages().stream().map(VendorContractFilter::describe)
                .collect(java.util.stream.Collectors.joining("; "));
        return message.getMessage() + (nested.isEmpty() ? "" : " [" + nested + "]");
    }

    private static Request call(BufferedRequest request) {
        SimpleRequest.Builder call = new SimpleRequest.Builder(request.getMethod(), request.getRequestURI());
        for (String name : Collections.list(request.getHeaderNames())) {
            call.withHeader(name, Collections.list(request.getHeaders(name)));
        }
        if (request.getQueryString() != null) {
            UriComponentsBuilder.newInstance().query(request.getQueryString()).build(false).getQueryParams()
                    .forEach(call::withQueryParam);
        }
        if (request.body().length > 0) {
            call.withBody(request.body());
        }
        return call.build();
    }

    private static SimpleResponse answer(ContentCachingResponseWrapper answer) {
        SimpleResponse.Builder built = SimpleResponse.Builder.status(answer.getStatus());
        for (String name : answer.getHeaderNames()) {
            built.withHeader(name, new ArrayList<>(answer.getHeaders(name)));
        }
        if (answer.getContentType() != null) {
            built.withContentType(answer.getContentType());
        }
        byte[] body = answer.getContentAsByteArray();
        if (body.length > 0) {
            built.withBody(new String(body, StandardCharsets.UTF_8));
        }
        return built.build();
    }

    /** The vendor a sandbox call goes to; null for anything else and for the fault endpoints. */
    static String system(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = path.substring(PREFIX.length()).split("/", 2);
        boolean faultEndpoint = parts.length > 1 && parts[1].startsWith("_faults");
        return parts[0].isEmpty() || faultEndpoint ? null : parts[0];
    }
}
