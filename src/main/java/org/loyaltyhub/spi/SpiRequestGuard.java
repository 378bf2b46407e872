package org.loyaltyhub.spi;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.loyaltyhub.inbound.BearerKeys;
import org.loyaltyhub.inbound.BoundedBody;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the SPI operations, before anything is read or stored: the register's API key
 * ({@code Authorization: Bearer <key>}, compared in constant time) → 401, a JSON content type → 415, and a
 * body of at most {@code hub.spi.max-body-bytes} → 413. Each refusal is the contract's Error object.
 * Registered for {@code /spi/discount-cards/*} by {@link SpiConfiguration}.
 */
public class SpiRequestGuard extends OncePerRequestFilter {

    private final BearerKeys keys;
    private final int maxBodyBytes;
    private final SpiErrors errors;

    public SpiRequestGuard(SpiProperties properties, SpiErrors errors) {
        this.keys = BearerKeys.parse(String.join(",", properties.apiKeyList()));
        this.maxBodyBytes = properties.maxBodyBytes();
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = SpiErrors.requestId(request.getHeader(SpiErrors.REQUEST_ID));
        if (!keys.accepts(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer");
            refuse(response, new SpiException(401, "unauthorized", "Missing or unknown API key (Authorization: Bearer <key>)"), requestId);
            return;
        }
        if (!jsonContent(request.getContentType())) {
            refuse(response, new SpiException(415, "unsupported-media-type", "Content-Type must be application/json"), requestId);
            return;
        }
        HttpServletRequest bounded = BoundedBody.read(request, maxBodyBytes);
        if (bounded == null) {
            refuse(response, tooLarge(), requestId);
            return;
        }
        chain.doFilter(bounded, response);
    }

    private SpiException tooLarge() {
        return new SpiException(413, "payload-too-large", "The request body is larger than " + maxBodyBytes + " bytes");
    }

    private static boolean jsonContent(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.isCompatibleWith(type) && !type.isWildcardSubtype();
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            return false;
        }
    }

    private void refuse(HttpServletResponse response, SpiException error, String requestId) throws IOException {
        response.setStatus(error.status());
        response.setContentType("application/json");
        response.getOutputStream().write(errors.body(error, requestId));
    }
}
