package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.formats.BodyFormat;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Every inbound path refuses a body over its limit before reading it: a declared 1 GiB (of which only a few KiB are
 * ever sent) is answered 413 at once, in the interface's own error format; an undeclared (chunked) one is read only
 * to its limit. Deep nesting is a malformed body.
 */
@HubIntegrationTest
class InboundLimitsIntegrationTests {

    private static final long ONE_GIB = 1L << 30;

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate http;

    @Test
    void aDeclaredGibibyteIsRefusedAtOnceOnEveryInboundPathInItsOwnErrorFormat() throws IOException {
        assertRefusedAtOnce("/api/promo-assignments", HubTestSupport.API_KEY, "application/problem+json", "\"status\": 413");
        assertRefusedAtOnce("/inbound/ecom/card", "any-key", "application/problem+json", "\"status\": 413");
        assertRefusedAtOnce("/spi/discount-cards/lookup", HubTestSupport.SPI_KEY, "application/json", "payload-too-large");
    }

    @Test
    void anUndeclaredLengthIsReadOnlyToTheLimit() throws IOException {
        String answer = exchange("/api/promo-assignments", HubTestSupport.API_KEY, "Transfer-Encoding: chunked", out -> {
            byte[] chunk = new byte[16 * 1024];
            for (int i = 0; i < 8; i++) { // 128 KiB, twice the limit
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json");
    }

    @Test
    void jsonNestedTooDeepIsABadRequest() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(HubTestSupport.API_KEY);
        String deep = "{\"customer\": " + "[".repeat(BodyFormat.MAX_NESTING_DEPTH + 1) + "]".repeat(BodyFormat.MAX_NESTING_DEPTH + 1) + "}";
        ResponseEntity<String> answer = http.postForEntity("/api/promo-assignments", new HttpEntity<>(deep, headers), String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    private void assertRefusedAtOnce(String path, String key, String contentType, String error) throws IOException {
        long started = System.nanoTime();
        String answer = exchange(path, key, "Content-Length: " + ONE_GIB, out -> out.write(new byte[8 * 1024]));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(answer).as(path).startsWith("HTTP/1.1 413").contains(contentType).contains(error);
        assertThat(took).as(path).isLessThan(Duration.ofSeconds(1));
    }

    /** One raw HTTP request, its body written by {@code body}, and the answer's head and body as text. */
    private String exchange(String path, String key, String lengthHeader, BodyWriter body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + key + "\r\n" + lengthHeader + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                body.write(out);
                out.flush();
            } catch (IOException closedEarly) {
                // the hub may answer and close before the body is through: that is the point
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while (!answer.toString(StandardCharsets.UTF_8).contains("}") && (read = in.read(buffer)) > 0) {
                answer.write(buffer, 0, read);
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }
}
