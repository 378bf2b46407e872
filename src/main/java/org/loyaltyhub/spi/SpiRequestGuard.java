package org.loyaltyhub.spi;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.loyaltyhub.inbound.BearerKeys;
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
        if (request.getContentLengthLong() > maxBodyBytes) {
            refuse(response, tooLarge(), requestId);
            return;
        }
        // the length may be unknown (chunked): read at most one byte more than allowed
        byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            refuse(response, tooLarge(), requestId);
            return;
        }
        chain.doFilter(new CachedBody(request, body), response);
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

    /** The request with its body already read (and bounded). */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0; // ByteArrayInputStream never throws here
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
