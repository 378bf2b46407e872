package org.loyaltyhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loyaltyhub.mapping.MappingFixtures.MAPPINGS;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Which mappings run on the compiled fast path, so that one falling back to the interpreter (a change of a mapping,
 * of the subset, or a difference the load-time check found) shows here; and the safety nets around it.
 */
class FastPathCoverageTests {

    /** Every mapping file and the evaluator it runs on: "compiled", or why the interpreter. */
    private static final Map<String, String> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("codes/promotion.from-canonical", "compiled"),
            Map.entry("codes/promotion.page-request", "compiled"),
            Map.entry("codes/promotion.to-canonical", "a lambda"),
            Map.entry("ecom/card.from-canonical", "a lambda"),
            Map.entry("ecom/card.to-canonical", "compiled"),
            Map.entry("promo/promo-assignment.answer-check", "compiled"),
            Map.entry("promo/promo-assignment.from-canonical", "a regular expression"),
            Map.entry("spi/card.lookup.to-canonical", "compiled"),
            Map.entry("spi/discount-card.from-canonical", "compiled"),
            Map.entry("spi/transaction.revert.to-canonical", "compiled"),
            Map.entry("spi/transaction.to-canonical", "a lambda"),
            Map.entry("wallet/card.customer.from-canonical", "compiled"),
            // read only after a create of unknown outcome: not worth compiling a filter for
            Map.entry("wallet/card.customer.lookup-match", "a filter that is not a number"),
            Map.entry("wallet/card.customer.to-canonical", "compiled"),
            Map.entry("wallet/card.issue.from-canonical", "compiled"),
            Map.entry("wallet/card.issue.lookup-match", "a filter that is not a number"),
            Map.entry("wallet/card.operation.lookup-match", "a filter that is not a number"),
            Map.entry("wallet/card.issue.to-canonical", "compiled"),
            Map.entry("wallet/wallet-operation.from-canonical", "compiled")));

    @Test
    void theBenchmarkedEcomCardMappingIsCompiled() {
        assertThat(MappingFixtures.engine(MAPPINGS).get("ecom/card.to-canonical").compiled()).isTrue();
    }

    @Test
    void eachMappingRunsOnTheExpectedEvaluator() {
        Map<String, String> actual = new TreeMap<>();
        MappingFixtures.engine(MAPPINGS).all().forEach((id, mapping) ->
                actual.put(id, mapping.compiled() ? "compiled" : mapping.interpreterReason()));
        assertThat(actual).isEqualTo(EXPECTED);
    }

    @Test
    void aMappingWhoseCompiledFormDiffersOnAGoldenExampleRunsOnTheInterpreterWithAWarning(@TempDir Path temp) throws IOException {
        Path root = temp.resolve("maps");
        Files.createDirectories(root.resolve("acme/examples"));
        Files.writeString(root.resolve("acme/card.to-canonical.jsonata"), "{\"number\": code}");
        Files.writeString(root.resolve("acme/examples/card.to-canonical.plain.in.json"), "{\"code\": \"7\"}");
        MappingEngine engine = new MappingEngine(root, system -> Map.of(), MappingFixtures.json());
        CompiledMapping mapping = engine.get("acme/card.to-canonical");
        assertThat(mapping.compiled()).isTrue();

        Logger log = (Logger) LoggerFactory.getLogger(FastPathCheck.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        log.addAppender(warnings);
        try {
            Map<String, CompiledMapping> verified = FastPathCheck.verified(
                    Map.of(mapping.id(), mapping.withFastPathOf("{\"number\": code & \"!\"}")), root, system -> Map.of(),
                    MappingFixtures.json(), engine.trees());

            assertThat(verified.get(mapping.id()).compiled()).isFalse();
            assertThat(verified.get(mapping.id()).interpreterReason()).isEqualTo("differs on acme/examples/card.to-canonical.plain");
            assertThat(warnings.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("acme/card.to-canonical", "acme/examples/card.to-canonical.plain",
                        "\"7!\"", "\"7\"");
            });
        } finally {
            log.detachAppender(warnings);
        }
    }

    @Test
    void theEngineBuildsResultTreesDirectlyForItsMapper() {
        assertThat(MappingFixtures.engine(MAPPINGS).trees().direct()).isTrue();
    }

    @Test
    void aBindingNamedLikeACalledFunctionIsLeftToTheInterpreter() {
        CompiledMapping expression = CompiledMapping.expression("test", "test", "test", "$string(a)");
        assertThat(expression.compiled()).isTrue();
        Map<String, Object> input = Map.of("a", 1);
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("string", "not a function");

        String routed = FastPathCheck.outcome(() -> expression.evaluate(input, Map.of(), Map.of(), bindings), MappingFixtures.json());
        String interpreted = FastPathCheck.outcome(() -> expression.evaluateInterpreted(input, Map.of(), Map.of(), bindings),
                MappingFixtures.json());

        assertThat(routed).isEqualTo(interpreted).startsWith("failure");
    }
}
