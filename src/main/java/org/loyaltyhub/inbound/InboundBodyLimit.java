package org.loyaltyhub.inbound;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The size limit of the hub's API and webhooks ({@code hub.inbound.max-body-bytes}), enforced before Camel reads,
 * buffers or spools a byte: a larger body is refused with 413 in problem+json ({@link BoundedBody}).
 * Registered for {@code /api/*} and {@code /inbound/*} by {@link InboundConfiguration}.
 */
public class InboundBodyLimit extends OncePerRequestFilter {

    private final int maxBodyBytes;

    public InboundBodyLimit(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest bounded = BoundedBody.read(request, maxBodyBytes);
        if (bounded == null) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.getOutputStream().write(("{\"type\": \"about:blank\", \"title\": \"Payload Too Large\", \"status\": 413, "
                    + "\"detail\": \"The body is larger than " + maxBodyBytes + " bytes\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(bounded, response);
    }
}
