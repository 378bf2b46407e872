package org.loyaltyhub.bench.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.loyaltyhub.bench.BenchArgs;
import org.loyaltyhub.bench.BenchResults;
import org.loyaltyhub.bench.BenchResults.Figure;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The mapping benchmark: one JMH run of every mapping through the hub's engine and the ecom card's two
 * baselines (hand-written Jackson, Camel's {@code jsonata:} endpoint). Figures are the median over all
 * measurement iterations, in messages per second on one thread.
 * <pre>
 * java -cp … org.loyaltyhub.bench.mapping.MappingBench [--quick|--smoke] [--mappings mappings] [--out target/bench]
 *      [--profile target/bench/mapping.jfr]   (the ecom card through the engine only, with a JFR recording)
 * </pre>
 */
public final class MappingBench {

    public static final String NAME = "mapping";

    private MappingBench() {
    }

    public static void main(String[] args) throws RunnerException {
        BenchArgs options = BenchArgs.parse(args);
        BenchResults results = run(options);
        System.out.print(results.table(false));
        System.out.println("written: " + results.writePart(options.out(), NAME));
    }

    public static BenchResults run(BenchArgs options) throws RunnerException {
        Path mappings = Path.of(options.get("mappings", "mappings")).toAbsolutePath();
        List<String> ids = MappingInputs.mappingIds(mappings);
        ChainedOptionsBuilder jmh = new OptionsBuilder()
                .param("mappingsDir", mappings.toString())
                .threads(1)
                .shouldFailOnError(true)
                .timeUnit(TimeUnit.SECONDS);
        switch (options.size()) {
            case SMOKE -> jmh.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                    .measurementIterations(2).measurementTime(TimeValue.milliseconds(100));
            case QUICK -> jmh.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(1));
            case FULL -> jmh.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(6).measurementTime(TimeValue.seconds(2));
        }
        if (options.has("profile")) {
            // one benchmark, a long measurement, a JFR recording of the forked JVM
            jmh.include(HubMappingBenchmark.class.getName() + ".hub").param("mapping", MappingInputs.ECOM_CARD)
                    .forks(1).measurementIterations(5).measurementTime(TimeValue.seconds(4))
                    .jvmArgsAppend("-XX:StartFlightRecording=filename=" + Path.of(options.get("profile", "")).toAbsolutePath()
                            + ",settings=profile");
        } else {
            // JMH adds the values of a repeated param(): set the mappings once, here
            jmh.param("mapping", ids.toArray(String[]::new));
            jmh.include(HubMappingBenchmark.class.getName() + ".hub")
                    .include(EcomCardBaselinesBenchmark.class.getName() + ".*");
        }
        if (options.size() != BenchArgs.Size.SMOKE) {
            jmh.jvmArgs("-Xms512m", "-Xmx512m");
        }
        Collection<RunResult> runs = new Runner(jmh.build()).run();
        return figures(runs);
    }

    static BenchResults figures(Collection<RunResult> runs) {
        Map<String, Double> medians = new TreeMap<>();
        for (RunResult run : runs) {
            String method = run.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String key = method.equals("hub") ? run.getParams().getParam("mapping") : method;
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    scores.add(iteration.getPrimaryResult().getScore());
                }
            }
            medians.put(key, median(scores));
        }
        BenchResults results = new BenchResults();
        Double byHand = medians.remove("handWritten");
        Double camel = medians.remove("camelJsonata");
        medians.forEach((mapping, rate) -> results.put(NAME + "." + mapping,
                mapping.equals(MappingInputs.ECOM_CARD) && byHand != null ? Figure.of(rate, "msg/s", byHand) : Figure.of(rate, "msg/s")));
        if (byHand != null) {
            results.put(NAME + "." + MappingInputs.ECOM_CARD + ".hand-written-jackson", Figure.of(byHand, "msg/s"));
        }
        if (camel != null) {
            results.put(NAME + "." + MappingInputs.ECOM_CARD + ".camel-jsonata-endpoint",
                    byHand != null ? Figure.of(camel, "msg/s", byHand) : Figure.of(camel, "msg/s"));
        }
        return results;
    }

    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
