package org.loyaltyhub.bench.hub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/** Creates cards in a hub's ecom sandbox through its documented bulk-create, in chunks. */
public final class EcomSandbox {

    static final String BULK_CREATE = "/sandbox/ecom/external/discount-card/bulk-create/";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public EcomSandbox(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Card {@code i} of a run: a 13-digit code starting with {@code prefix} (two digits), all fields set (~270 bytes). */
    public static String card(String prefix, int i) {
        return String.format(Locale.ROOT, """
                {"code":"%s","barcode":"B%s","accumulated_amount":"%d.%02d","first_name":"Bench%d","last_name":"Tester",\
                "legal_entity_name":null,"sex":"%s","date_of_birth":"19%02d-%02d-%02d","address":"Str. Benchmark %d","user_id":%d}""",
                code(prefix, i), code(prefix, i), i % 9000, i % 100, i, i % 2 == 0 ? "f" : "m", 50 + i % 50, 1 + i % 12, 1 + i % 28, i, 100000 + i);
    }

    public static String code(String prefix, int i) {
        return prefix + String.format(Locale.ROOT, "%011d", i);
    }

    /** Creates cards {@code 0 .. count-1} with bulk-creates of {@code chunk} cards each. */
    public void create(String prefix, int count, int chunk) throws IOException, InterruptedException {
        for (int from = 0; from < count; from += chunk) {
            StringBuilder body = new StringBuilder(chunk * 300).append('[');
            for (int i = from; i < Math.min(count, from + chunk); i++) {
                body.append(i == from ? "" : ",").append(card(prefix, i));
            }
            body.append(']');
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + BULK_CREATE))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("ecom sandbox bulk-create answered " + answer.statusCode());
            }
        }
    }
}
