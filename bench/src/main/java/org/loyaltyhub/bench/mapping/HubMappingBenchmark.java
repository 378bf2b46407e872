package org.loyaltyhub.bench.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.loyaltyhub.mapping.MappingEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Every mapping through the hub's engine, bytes in to bytes out, one thread. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HubMappingBenchmark {

    /** Overridden by {@link MappingBench} with every mapping of the folder. */
    @Param({MappingInputs.ECOM_CARD})
    public String mapping;

    @Param({"mappings"})
    public String mappingsDir;

    private MappingEngine engine;
    private ObjectMapper json;
    private byte[] body;
    private Map<String, Object> headers;
    private Map<String, Object> config;
    private Map<String, Object> bindings;

    @Setup
    public void setUp() {
        json = new ObjectMapper();
        engine = MappingInputs.engine(Path.of(mappingsDir), json);
        MappingInputs.Input input = MappingInputs.input(Path.of(mappingsDir), mapping);
        body = input.body();
        headers = input.headers();
        config = input.config();
        bindings = input.bindings();
    }

    @Benchmark
    public byte[] hub() throws IOException {
        return json.writeValueAsBytes(engine.apply(mapping, body, headers, config, bindings));
    }
}
