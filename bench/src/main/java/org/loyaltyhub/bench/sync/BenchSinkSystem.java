package org.loyaltyhub.bench.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The bench-only target system {@code benchsink}, for as long as no system but the source subscribes to cards:
 * a copy of the project's {@code routes/} and {@code mappings/} with its files added (a dispatch consumer, the
 * stock {@code http-call} and {@code http-calls-sink} route templates, a mapping with its golden example, a subscription to
 * {@code card.upserted}) and a settings file pointing it at the harness's {@link CardSink}. Exactly what the
 * README's "Add a system" walkthrough writes; the project's own folders are never changed.
 */
public final class BenchSinkSystem {

    public static final String NAME = "benchsink";

    static final String ROUTES = """
            # bench only (bench/README.md): a target that takes every card, one event per call, at the harness's sink
            - templatedRoute:
                routeTemplateRef: dispatch
                routeId: dispatch-benchsink
                parameters:
                  - name: system
                    value: benchsink

            - templatedRoute:
                routeTemplateRef: http-calls-sink
                routeId: benchsink-card-sink
                parameters:
                  - name: system
                    value: benchsink
                  - name: entity
                    value: card
                  - name: calls
                    value: direct:benchsink-card-call

            - templatedRoute:
                routeTemplateRef: http-call
                routeId: benchsink-card-call
                parameters:
                  - name: system
                    value: benchsink
                  - name: name
                    value: card
                  - name: entity
                    value: card
                  - name: mapping
                    value: benchsink/card.from-canonical
                  - name: path
                    value: /cards
                  - name: method
                    value: POST
            """;

    static final String MAPPING = """
            /* canonical card -> the bench sink's card (bench only) */
            {
              "cardNo": number,
              "barcode": barcode,
              "active": active,
              "holder": holder,
              "balance": $exists(accumulated) ? {"value": accumulated.amount, "currency": accumulated.currency}
            }
            """;

    static final String EXAMPLE_IN = """
            {"number": "7000000000001", "barcode": "B7000000000001", "active": true,
             "holder": {"firstName": "Ana", "lastName": "Tester"}, "accumulated": {"amount": "12.50", "currency": "MDL"}}
            """;
    static final String EXAMPLE_OUT = """
            {"cardNo": "7000000000001", "barcode": "B7000000000001", "active": true,
             "holder": {"firstName": "Ana", "lastName": "Tester"}, "balance": {"value": "12.50", "currency": "MDL"}}
            """;

    static final String SUBSCRIPTION = """

              # bench only
              - id: cards-to-benchsink
                on: card.upserted
                to: benchsink
                deliver: benchsink-card-sink
            """;

    private BenchSinkSystem() {
    }

    /** The copied folders and the settings file; {@link #hubSettings} gives the hub's settings for them. */
    public record Configuration(Path routes, Path mappings, Path settingsFile) {

        public Map<String, String> hubSettings() {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("hub.routes.dir", routes.toString());
            settings.put("hub.mappings.dir", mappings.toString());
            settings.put("spring.config.import", "file:" + settingsFile);
            return settings;
        }
    }

    /** Copies {@code routes} and {@code mappings} into {@code dir} and adds the bench sink pointing at {@code sinkUrl}. */
    public static Configuration write(Path dir, Path routes, Path mappings, String sinkUrl) throws IOException {
        Path routesCopy = dir.resolve("routes");
        Path mappingsCopy = dir.resolve("mappings");
        deleteRecursively(dir);
        copy(routes, routesCopy);
        copy(mappings, mappingsCopy);
        Files.writeString(routesCopy.resolve(NAME + ".camel.yaml"), ROUTES);
        Files.createDirectories(mappingsCopy.resolve(NAME + "/examples"));
        Files.writeString(mappingsCopy.resolve(NAME + "/card.from-canonical.jsonata"), MAPPING);
        Files.writeString(mappingsCopy.resolve(NAME + "/examples/card.from-canonical.full.in.json"), EXAMPLE_IN);
        Files.writeString(mappingsCopy.resolve(NAME + "/examples/card.from-canonical.full.out.json"), EXAMPLE_OUT);
        Path subscriptions = mappingsCopy.resolve("subscriptions.yaml");
        Files.writeString(subscriptions, Files.readString(subscriptions).stripTrailing() + "\n" + SUBSCRIPTION);
        Path settings = dir.resolve(NAME + "-settings.yaml");
        Files.writeString(settings, """
                hub:
                  systems:
                    benchsink:
                      base-url: %s
                      connect-timeout: 2000
                      read-timeout: 10000
                      retry:
                        max-attempts: 6
                        initial-delay: 500ms
                        multiplier: 2.0
                        max-delay: 30s
                """.formatted(sinkUrl));
        return new Configuration(routesCopy, mappingsCopy, settings);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Targets other than {@code source} that subscribe to {@code card.upserted} in these mappings. */
    public static List<String> cardTargets(Path mappings, String source) {
        return SyncTargets.subscriptions(mappings).stream()
                .filter(s -> s.type().equals("org.loyaltyhub.card.upserted") && !s.target().equals(source))
                .map(s -> s.target()).distinct().sorted().toList();
    }
}
