package org.loyaltyhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingEngineTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private Path root() {
        return temp.resolve("maps");
    }

    private void write(String relative, String source) throws IOException {
        Path file = root().resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
    }

    private MappingEngine engine(Map<String, Map<String, Object>> configs) {
        return new MappingEngine(root(), system -> configs.getOrDefault(system, Map.of()), JSON);
    }

    private MappingEngine engine() {
        return engine(Map.of());
    }

    @Test
    void loadsEverySystemMappingById() throws IOException {
        write("acme/card.to-canonical.jsonata", "{\"number\": code}");
        write("zeta/card.from-canonical.jsonata", "{\"code\": number}");

        MappingEngine engine = engine();

        assertThat(engine.all()).containsOnlyKeys("acme/card.to-canonical", "zeta/card.from-canonical");
        assertThat(engine.get("acme/card.to-canonical").system()).isEqualTo("acme");
        assertThat(engine.has("zeta/card.from-canonical")).isTrue();
        assertThat(engine.apply("acme/card.to-canonical", "{\"code\": \"42\"}", null).toString()).isEqualTo("{\"number\":\"42\"}");
    }

    @Test
    void reloadSwapsInTheNewMappingsAndABrokenFileKeepsTheRunningOnes() throws IOException {
        write("acme/card.to-canonical.jsonata", "{\"number\": code}");
        MappingEngine engine = engine();

        write("acme/card.to-canonical.jsonata", "{\"number\": code, \"v\": 2}");
        write("acme/card.from-canonical.jsonata", "{\"code\": number}");
        Map<String, CompiledMapping> previous = engine.reload();
        assertThat(previous).containsOnlyKeys("acme/card.to-canonical");
        assertThat(engine.all()).containsOnlyKeys("acme/card.to-canonical", "acme/card.from-canonical");
        assertThat(engine.apply("acme/card.to-canonical", "{\"code\": \"42\"}", null).toString()).isEqualTo("{\"number\":\"42\",\"v\":2}");

        write("acme/card.to-canonical.jsonata", "{\n  \"number\": code,,\n}");
        assertThatThrownBy(engine::reload).isInstanceOf(MappingLoadException.class).hasMessageContaining("acme/card.to-canonical.jsonata:2:");
        assertThat(engine.apply("acme/card.to-canonical", "{\"code\": \"42\"}", null).toString()).isEqualTo("{\"number\":\"42\",\"v\":2}");

        engine.restore(previous);
        assertThat(engine.all()).containsOnlyKeys("acme/card.to-canonical");
    }

    @Test
    void syntaxErrorNamesFileLineAndColumn() throws IOException {
        write("acme/card.to-canonical.jsonata", """
                {
                  "a": x,
                  "b": y z
                }
                """);

        MappingLoadException failure = catchThrowableOfType(MappingLoadException.class, this::engine);

        assertThat(failure.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("maps/acme/card.to-canonical.jsonata");
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.column()).isEqualTo(10);
            assertThat(problem).hasMessageStartingWith("maps/acme/card.to-canonical.jsonata:3:10: ")
                    .hasMessageContaining("\"z\"")
                    .hasMessageContaining("(S0202)");
        });
        assertThat(failure).hasMessageContaining("maps/acme/card.to-canonical.jsonata:3:10");
    }

    @Test
    void everyBrokenFileIsReported() throws IOException {
        write("acme/card.to-canonical.jsonata", "{\"number\": code}");
        write("acme/card.from-canonical.jsonata", "{\n\"code\": (number\n");
        write("zeta/promotion.to-canonical.jsonata", "1 +");

        MappingLoadException failure = catchThrowableOfType(MappingLoadException.class, this::engine);

        assertThat(failure.problems()).extracting(MappingSyntaxException::file)
                .containsExactly("maps/acme/card.from-canonical.jsonata", "maps/zeta/promotion.to-canonical.jsonata");
        assertThat(failure).hasMessageContaining("maps/acme/card.from-canonical.jsonata:")
                .hasMessageContaining("maps/zeta/promotion.to-canonical.jsonata:")
                .hasMessageNotContaining("card.to-canonical.jsonata");
    }

    @Test
    void configAndHeadersReachTheExpression() throws IOException {
        write("acme/card.to-canonical.jsonata", "{\"currency\": $config.currency, \"trace\": $headers.trace, \"number\": code}");

        JsonNode result = engine(Map.of("acme", Map.of("currency", "MDL")))
                .apply("acme/card.to-canonical", "{\"code\": \"7\"}", Map.of("trace", "t-1"));

        assertThat(result.toString()).isEqualTo("{\"currency\":\"MDL\",\"trace\":\"t-1\",\"number\":\"7\"}");
    }

    @Test
    void configAndHeadersDoNotLeakBetweenMappingsOnOneThread() throws IOException {
        write("alpha/card.to-canonical.jsonata", """
                {"system": $config.name, "only": $exists($config.alphaOnly), "header": $exists($headers.h) ? $headers.h : "none"}
                """);
        write("beta/card.to-canonical.jsonata", """
                {"system": $config.name, "only": $exists($config.alphaOnly), "header": $exists($headers.h) ? $headers.h : "none"}
                """);
        MappingEngine engine = engine(Map.of(
                "alpha", Map.of("name", "alpha", "alphaOnly", true),
                "beta", Map.of("name", "beta")));

        for (int i = 0; i < 5; i++) {
            assertThat(engine.apply("alpha/card.to-canonical", "{}", Map.of("h", "a" + i)).toString())
                    .isEqualTo("{\"system\":\"alpha\",\"only\":true,\"header\":\"a" + i + "\"}");
            assertThat(engine.apply("beta/card.to-canonical", "{}", Map.of()).toString())
                    .isEqualTo("{\"system\":\"beta\",\"only\":false,\"header\":\"none\"}");
        }
    }

    /**
     * Fails with com.dashjoin:jsonata 0.9.9 (the version Camel 4.17 brings): the instance last compiled on a thread
     * is that thread's evaluator, and each evaluation leaves its frame in that instance's environment, which the next
     * evaluation of the instance starts from. Passes with 0.9.10 (dashjoin/jsonata-java#93, PR #103).
     */
    @Test
    void variablesOfOneMappingAreNotSeenByAnotherOnTheSameThread() throws IOException {
        // the reader sorts last, so it is compiled last and becomes this thread's evaluator in jsonata 0.9.9
        write("acme/a-writer.jsonata", "($secret := $headers.secret; {\"wrote\": $secret})");
        write("acme/b-reader.jsonata", "{\"saw\": $exists($secret) ? $secret : \"nothing\"}");
        MappingEngine engine = engine();

        engine.apply("acme/a-writer", "{}", Map.of("secret", "card 4242"));

        assertThat(engine.apply("acme/b-reader", "{}", Map.of()).toString()).isEqualTo("{\"saw\":\"nothing\"}");
    }

    /** Same library bug as above, within one mapping: a message sees a variable the previous message set. */
    @Test
    void variablesOfOneMessageAreNotSeenByTheNext() throws IOException {
        write("acme/card.to-canonical.jsonata", "{\"previous\": $exists($last) ? $last : \"none\", \"now\": ($last := code)}");
        MappingEngine engine = engine();

        assertThat(engine.apply("acme/card.to-canonical", "{\"code\": \"1\"}", Map.of()).toString())
                .isEqualTo("{\"previous\":\"none\",\"now\":\"1\"}");
        assertThat(engine.apply("acme/card.to-canonical", "{\"code\": \"2\"}", Map.of()).toString())
                .isEqualTo("{\"previous\":\"none\",\"now\":\"2\"}");
    }

    @Test
    void bindingsDoNotLeakBetweenThreads() throws Exception {
        String source = """
                ($tag := $config.name & ":" & $headers.n; {"system": $config.name, "n": $headers.n, "tag": $tag, "v": v})
                """;
        write("alpha/card.to-canonical.jsonata", source);
        write("beta/card.to-canonical.jsonata", source);
        MappingEngine engine = engine(Map.of("alpha", Map.of("name", "alpha"), "beta", Map.of("name", "beta")));
        int threads = 8;
        int evaluations = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < evaluations; i++) {
                        String system = (i + thread) % 2 == 0 ? "alpha" : "beta";
                        String n = thread + "-" + i;
                        JsonNode result = engine.apply(system + "/card.to-canonical", "{\"v\": " + i + "}", Map.of("n", n));
                        String expected = "{\"system\":\"" + system + "\",\"n\":\"" + n + "\",\"tag\":\"" + system + ":" + n
                                + "\",\"v\":" + i + "}";
                        if (!result.toString().equals(expected)) {
                            wrong.add(expected + " but got " + result);
                        }
                    }
                    return wrong;
                }));
            }
            start.countDown();
            for (Future<List<String>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMappingThatYieldsNothingFailsNamingIt() throws IOException {
        write("acme/card.to-canonical.jsonata", "missing.field");

        assertThatThrownBy(() -> engine().apply("acme/card.to-canonical", "{\"other\": 1}", Map.of()))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.mappingId()).isEqualTo("acme/card.to-canonical"))
                .hasMessage("Mapping acme/card.to-canonical failed: the mapping produced nothing for this message");
    }

    @Test
    void inputThatIsNotJsonFailsTheMapping() throws IOException {
        write("acme/card.to-canonical.jsonata", "{\"number\": code}");
        MappingEngine engine = engine();

        assertThatThrownBy(() -> engine.apply("acme/card.to-canonical", "{\"code\": ", Map.of()))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("Mapping acme/card.to-canonical failed: input is not valid JSON");
        assertThatThrownBy(() -> engine.apply("acme/card.to-canonical", "<card/>".getBytes(), Map.of()))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("input is not valid JSON");
    }

    @Test
    void anEvaluationErrorFailsTheMappingWithTheJsonataCode() throws IOException {
        write("acme/card.to-canonical.jsonata", "$error(\"no card here\")");

        assertThatThrownBy(() -> engine().apply("acme/card.to-canonical", "{}", Map.of()))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("Mapping acme/card.to-canonical failed: no card here")
                .hasMessageContaining("D3137");
    }

    @Test
    void anUnknownMappingIdFailsNamingTheLoadedOnes() throws IOException {
        write("acme/card.to-canonical.jsonata", "{\"number\": code}");

        assertThatThrownBy(() -> engine().apply("acme/card.from-canonical", "{}", Map.of()))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.mappingId()).isEqualTo("acme/card.from-canonical"))
                .hasMessageContaining("no such mapping")
                .hasMessageContaining("[acme/card.to-canonical]");
    }

    @Test
    void filesDeeperOrHigherThanSystemFolderAreNotLoaded() throws IOException {
        write("acme/card.to-canonical.jsonata", "{\"number\": code}");
        write("acme/examples/helper.jsonata", "this does not compile (");
        write("acme/lib/deep/more.jsonata", "{\"x\": 1}");
        write("top-level.jsonata", "{\"x\": 1}");

        assertThat(engine().all()).containsOnlyKeys("acme/card.to-canonical");
    }

    @Test
    void aMissingFolderNamesTheSetting() {
        Path missing = temp.resolve("nowhere");

        assertThatThrownBy(() -> new MappingEngine(missing, system -> Map.of(), JSON))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("hub.mappings.dir");
    }

    @Test
    void lineAndColumnOfAnOffsetOnePastTheToken() {
        String text = "ab\ncd\n\nef";

        assertThat(CompiledMapping.lineAndColumn(text, 1)).containsExactly(1, 1);
        assertThat(CompiledMapping.lineAndColumn(text, 2)).containsExactly(1, 2);
        assertThat(CompiledMapping.lineAndColumn(text, 5)).containsExactly(2, 2);
        assertThat(CompiledMapping.lineAndColumn(text, 9)).containsExactly(4, 2);
    }

    @Test
    void lineAndColumnClampsOffsetsOutsideTheText() {
        String text = "ab\ncd";

        assertThat(CompiledMapping.lineAndColumn(text, 0)).containsExactly(1, 1);
        assertThat(CompiledMapping.lineAndColumn(text, -4)).containsExactly(1, 1);
        assertThat(CompiledMapping.lineAndColumn(text, 99)).containsExactly(2, 2);
        assertThat(CompiledMapping.lineAndColumn("", 3)).containsExactly(1, 1);
    }
}
