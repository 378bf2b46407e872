package org.loyaltyhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The figures of one benchmark, in the shape of {@code target/bench/results.json}:
 * {@code {"<name>": {"value": …, "unit": "…", "baseline": …, "ratio": …}}}. Each benchmark writes its own
 * part ({@code target/bench/parts/<benchmark>.json}); {@link #main} merges the parts into results.json and
 * prints the table. A figure without a baseline has {@code baseline} and {@code ratio} null.
 */
public final class BenchResults {

    /** One figure: value beside its baseline measured in the same run; ratio = value / baseline. */
    public record Figure(double value, String unit, Double baseline, Double ratio) {

        public static Figure of(double value, String unit) {
            return new Figure(value, unit, null, null);
        }

        public static Figure of(double value, String unit, double baseline) {
            return new Figure(value, unit, baseline, baseline == 0 ? null : value / baseline);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Figure> figures = new LinkedHashMap<>();

    public BenchResults put(String name, Figure figure) {
        figures.put(name, figure);
        return this;
    }

    public Map<String, Figure> figures() {
        return figures;
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        figures.forEach((name, f) -> {
            ObjectNode node = root.putObject(name);
            node.put("value", round(f.value()));
            node.put("unit", f.unit());
            if (f.baseline() == null) {
                node.putNull("baseline");
                node.putNull("ratio");
            } else {
                node.put("baseline", round(f.baseline()));
                node.put("ratio", f.ratio() == null ? null : round(f.ratio()));
            }
        });
        return root;
    }

    /** Writes this benchmark's part of the results. */
    public Path writePart(Path benchDir, String benchmark) {
        Path file = benchDir.resolve("parts").resolve(benchmark + ".json");
        try {
            Files.createDirectories(file.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static BenchResults read(Path file) {
        BenchResults results = new BenchResults();
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                JsonNode f = e.getValue();
                results.put(e.getKey(), new Figure(f.path("value").asDouble(), f.path("unit").asText(),
                        f.path("baseline").isNumber() ? f.path("baseline").asDouble() : null,
                        f.path("ratio").isNumber() ? f.path("ratio").asDouble() : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return results;
    }

    /** Significant digits enough for a table and for a diff between runs. */
    static double round(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double magnitude = Math.abs(value);
        int decimals = magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : 4;
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** The results as a fixed-width table (also what bench/README.md shows, in Markdown with {@code --markdown}). */
    public String table(boolean markdown) {
        StringBuilder out = new StringBuilder();
        int width = figures.keySet().stream().mapToInt(String::length).max().orElse(10);
        if (markdown) {
            out.append("| figure | value | unit | baseline | ratio |\n|---|---:|---|---:|---:|\n");
        } else {
            out.append(String.format(Locale.ROOT, "%-" + width + "s %12s %-10s %12s %8s%n", "figure", "value", "unit", "baseline", "ratio"));
        }
        figures.forEach((name, f) -> {
            String baseline = f.baseline() == null ? "-" : number(f.baseline());
            String ratio = f.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", f.ratio());
            if (markdown) {
                out.append("| `").append(name).append("` | ").append(number(f.value())).append(" | ").append(f.unit())
                        .append(" | ").append(baseline).append(" | ").append(ratio).append(" |\n");
            } else {
                out.append(String.format(Locale.ROOT, "%-" + width + "s %12s %-10s %12s %8s%n", name, number(f.value()), f.unit(), baseline, ratio));
            }
        });
        return out.toString();
    }

    static String number(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, magnitude >= 1 ? "%.2f" : "%.3f", value);
    }

    /**
     * {@code merge <bench-dir> [--markdown]}: merges every part under {@code <bench-dir>/parts} (in name order)
     * into {@code <bench-dir>/results.json} and prints the table.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 1 ? args[1] : "target/bench");
        boolean markdown = java.util.Arrays.asList(args).contains("--markdown");
        BenchResults all = new BenchResults();
        Path parts = dir.resolve("parts");
        if (Files.isDirectory(parts)) {
            try (Stream<Path> files = Files.list(parts)) {
                for (Path part : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    all.figures.putAll(read(part).figures);
                }
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("results.json").toFile(), all.toJson());
        System.out.print(all.table(markdown));
        System.out.println("written: " + dir.resolve("results.json"));
    }
}
