package org.loyaltyhub.inbound;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * A request body read with a limit, before anything else reads it: a declared length over the limit is refused
 * without reading a byte, an undeclared (chunked) one is read up to one byte past the limit and no further.
 * Used by every inbound path's guard (the SPI's, the API's and the webhooks').
 */
public final class BoundedBody {

    private BoundedBody() {
    }

    /** The request with its body in memory, or null when the body is larger than {@code maxBytes}. */
    public static HttpServletRequest read(HttpServletRequest request, int maxBytes) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            return null;
        }
        byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
        return body.length > maxBytes ? null : new BufferedRequest(request, body);
    }
}
