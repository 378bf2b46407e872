package org.loyaltyhub.bench.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jsonata.JsonataFrameBinding;
import org.apache.camel.impl.DefaultCamelContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The ecom card mapping's two baselines, in the same JMH run as the hub's engine: the same mapping written by
 * hand with Jackson, and Camel's stock {@code jsonata:} endpoint on the same expression in a plain CamelContext
 * route (what a user would pick instead), both bytes in to bytes out on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EcomCardBaselinesBenchmark {

    @Param({"mappings"})
    public String mappingsDir;

    private byte[] body;
    private EcomCardByHand byHand;
    private CamelContext camel;
    private ProducerTemplate producer;

    @Setup
    public void setUp() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path dir = Path.of(mappingsDir);
        body = MappingInputs.input(dir, MappingInputs.ECOM_CARD).body();
        Map<String, Object> ecomConfig = MappingInputs.systems().mappingConfig("ecom");
        byHand = new EcomCardByHand(json, String.valueOf(ecomConfig.get("currency")));

        // the same answer as the hub's engine, or the comparison means nothing
        JsonNode expected = MappingInputs.engine(dir, json).apply(MappingInputs.ECOM_CARD, body, Map.of());
        JsonNode actual = json.readTree(byHand.apply(body));
        if (!expected.equals(actual)) {
            throw new IllegalStateException("hand-written ecom card mapping differs from the engine:\n" + actual + "\n" + expected);
        }

        camel = new DefaultCamelContext();
        JsonataFrameBinding config = frame -> frame.bind("config", ecomConfig);
        camel.getRegistry().bind("hubConfig", config);
        String file = dir.resolve("ecom/card.to-canonical.jsonata").toAbsolutePath().toString();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:map").to("jsonata:file:" + file + "?inputType=JsonString&outputType=JsonString&frameBinding=#hubConfig");
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
        JsonNode viaCamel = json.readTree(camelJsonata());
        if (!expected.equals(viaCamel)) {
            throw new IllegalStateException("Camel's jsonata endpoint gives another answer:\n" + viaCamel + "\n" + expected);
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        producer.close();
        camel.close();
    }

    @Benchmark
    public byte[] handWritten() throws IOException {
        return byHand.apply(body);
    }

    @Benchmark
    public byte[] camelJsonata() {
        return producer.requestBody("direct:map", body, byte[].class);
    }
}
