package org.loyaltyhub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.loyaltyhub.canonical.CanonicalSchemas;

/**
 * The mapping engine as a route step: {@code bean: {ref: mapping, method: "apply('ecom/card.to-canonical', ${exchange})"}}.
 * The canonical side is validated against its schema on the way in ({@code .to-canonical}: the result)
 * and on the way out ({@code .from-canonical}: the input), so no invalid canonical message passes.
 */
public class MappingStep {

    private final MappingEngine engine;
    private final CanonicalSchemas schemas;
    private final MeterRegistry meters;
    /** One timer per mapping and outcome, looked up once: registering on every message costs a map walk and tags. */
    private final java.util.concurrent.ConcurrentMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public MappingStep(MappingEngine engine, CanonicalSchemas schemas, MeterRegistry meters) {
        this.engine = engine;
        this.schemas = schemas;
        this.meters = meters;
    }

    public void apply(String mappingId, Exchange exchange) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "failure";
        try {
            String name = mappingId.substring(mappingId.indexOf('/') + 1);
            String entity = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            Object raw = exchange.getMessage().getBody();
            // streams and other Camel bodies become text through Camel's converters
            JsonNode body = engine.readTree(mappingId, raw instanceof JsonNode || raw instanceof Map<?, ?> || raw instanceof java.util.List<?>
                    ? raw : exchange.getMessage().getBody(String.class));
            if (name.endsWith(".from-canonical") && schemas.entities().contains(entity)) {
                schemas.validate(entity, body);
            }
            JsonNode result = engine.apply(mappingId, body, headersOf(exchange));
            if (name.endsWith(".to-canonical") && schemas.entities().contains(entity)) {
                schemas.validate(entity, result);
            }
            exchange.getMessage().setBody(result);
            outcome = "success";
        } finally {
            String result = outcome;
            sample.stop(timers.computeIfAbsent(mappingId + '|' + result, key -> Timer.builder("hub.mapping")
                    .description("Mapping applications").tag("mapping", mappingId).tag("outcome", result).register(meters)));
        }
    }

    /** Simple header values as {@code $headers}; Kafka delivers {@code ce_*} attributes as bytes. */
    static Map<String, Object> headersOf(Exchange exchange) {
        Map<String, Object> headers = new HashMap<>();
        exchange.getMessage().getHeaders().forEach((name, value) -> {
            if (value instanceof byte[] bytes) {
                headers.put(name, new String(bytes, StandardCharsets.UTF_8));
            } else if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
                headers.put(name, value instanceof CharSequence text ? text.toString() : value);
            }
        });
        return headers;
    }
}
