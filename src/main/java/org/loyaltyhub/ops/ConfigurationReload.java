package org.loyaltyhub.ops;

import static org.loyaltyhub.formats.YamlNodes.scalar;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.loyaltyhub.check.ConfigCheck;
import org.loyaltyhub.dispatch.Subscription;
import org.loyaltyhub.dispatch.Subscriptions;
import org.loyaltyhub.store.FieldRules;
import org.loyaltyhub.mapping.CompiledMapping;
import org.loyaltyhub.mapping.MappingEngine;
import org.loyaltyhub.operations.OperationPlanner;
import org.loyaltyhub.operations.OperationPlans;
import org.loyaltyhub.operations.OperationTables;
import org.loyaltyhub.systems.SystemRegistry;
import org.loyaltyhub.systems.VendorCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reloads routes, mappings (with operation tables), subscriptions, field rules and vendor credentials without a restart ({@code POST /ops/api/reload}).
 * Everything is validated first by {@link ConfigCheck} (mappings compile, every golden example passes,
 * subscriptions, template parameters, every route file loads); on any problem nothing is touched.
 * Then mappings and subscriptions are swapped whole, and the route files that changed since start-up
 * (or the last reload) are reloaded: their routes are stopped gracefully (in-flight exchanges finish;
 * a Kafka consumer commits only what it finished, so the rest is consumed again), removed, and the file
 * loaded again. Routes of a deleted file are stopped and removed. Files with entries other than
 * {@code route} and {@code templatedRoute} (the SPI's {@code rest} and {@code routeConfiguration}) cannot
 * be reloaded: a change to one is refused and needs a restart. Reloads run one at a time.
 */
@Component
public class ConfigurationReload {

    private static final Logger log = LoggerFactory.getLogger(ConfigurationReload.class);

    private final CamelContext camel;
    private final MappingEngine mappings;
    private final Subscriptions subscriptions;
    private final FieldRules fieldRules;
    private final SystemRoutes systemRoutes;
    private final SystemRegistry systems;
    private final VendorCredentials credentials;
    private final OperationPlans operationPlans;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final ConfigurableEnvironment environment;
    private final Path routesDir;
    private final Path mappingsDir;
    /** The route files as the running routes were loaded from them: file name → its text. */
    private Map<String, String> loaded;

    public ConfigurationReload(CamelContext camel, MappingEngine mappings, Subscriptions subscriptions, FieldRules fieldRules, SystemRoutes systemRoutes,
            SystemRegistry systems, VendorCredentials credentials, OperationPlans operationPlans, com.fasterxml.jackson.databind.ObjectMapper json,
            ConfigurableEnvironment environment, @Value("${hub.routes.dir}") Path routesDir, @Value("${hub.mappings.dir}") Path mappingsDir) {
        this.operationPlans = operationPlans;
        this.json = json;
        this.camel = camel;
        this.mappings = mappings;
        this.subscriptions = subscriptions;
        this.fieldRules = fieldRules;
        this.systemRoutes = systemRoutes;
        this.systems = systems;
        this.credentials = credentials;
        this.environment = environment;
        this.routesDir = routesDir;
        this.mappingsDir = mappingsDir;
        // Camel loads the same files while the context starts, right after the beans are made
        this.loaded = routeFiles();
    }

    /** What a reload did, or the problems that stopped it (then it did nothing). */
    public record Outcome(List<String> problems, List<String> routes, List<String> removed, int mappings, int subscriptions) {
        public boolean applied() {
            return problems.isEmpty();
        }
    }

    public synchronized Outcome reload() {
        List<String> problems = new ArrayList<>(new ConfigCheck(routesDir, mappingsDir, environment).run());
        Map<String, String> current = routeFiles();
        Map<String, String> changed = new TreeMap<>();
        Set<String> names = new java.util.TreeSet<>(current.keySet());
        names.addAll(loaded.keySet());
        for (String name : names) {
            if (!java.util.Objects.equals(current.get(name), loaded.get(name))) {
                changed.put(name, current.get(name)); // null: the file was deleted
            }
        }
        // what each changed file declares now and declared before, each must be a reloadable entry with an id
        Map<String, List<String>> oldIds = new LinkedHashMap<>();
        Map<String, List<String>> newIds = new LinkedHashMap<>();
        for (String name : changed.keySet()) {
            if (loaded.containsKey(name)) {
                oldIds.put(name, routeIds(name, loaded.get(name), problems));
            }
            if (changed.get(name) != null) {
                newIds.put(name, routeIds(name, changed.get(name), problems));
            }
        }
        if (!problems.isEmpty()) {
            log.warn("Configuration not reloaded, {} problem(s):\n  {}", problems.size(), String.join("\n  ", problems));
            return new Outcome(problems, List.of(), List.of(), 0, 0);
        }

        // vendor credentials and $config as the environment (and the secrets directory) hold them now: a rotated
        // secret is used from here on
        credentials.reload();
        systems.reload();
        Map<String, CompiledMapping> previousMappings = mappings.reload();
        OperationPlanner previousPlanner = operationPlans.replace(new OperationPlanner(OperationTables.load(mappingsDir), json));
        List<Subscription> previousSubscriptions;
        Map<String, FieldRules.EntityRules> previousFieldRules;
        try {
            previousSubscriptions = subscriptions.reload();
        } catch (RuntimeException e) {
            mappings.restore(previousMappings);
            operationPlans.replace(previousPlanner);
            return new Outcome(List.of(e.getMessage()), List.of(), List.of(), 0, 0);
        }
        try {
            previousFieldRules = fieldRules.reload();
        } catch (RuntimeException e) {
            mappings.restore(previousMappings);
            operationPlans.replace(previousPlanner);
            subscriptions.restore(previousSubscriptions);
            return new Outcome(List.of(e.getMessage()), List.of(), List.of(), 0, 0);
        }
        List<String> reloadedRoutes = new ArrayList<>();
        List<String> removedRoutes = new ArrayList<>();
        Map<String, String> done = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> file : changed.entrySet()) {
                String name = file.getKey();
                removeRoutes(oldIds.getOrDefault(name, List.of()));
                done.put(name, loaded.get(name));
                if (file.getValue() != null) {
                    load(name, file.getValue());
                    reloadedRoutes.addAll(newIds.get(name));
                }
                oldIds.getOrDefault(name, List.of()).stream()
                        .filter(id -> !newIds.getOrDefault(name, List.of()).contains(id)).forEach(removedRoutes::add);
            }
        } catch (Exception e) {
            // put back what ran before: the old mappings, subscriptions and route files
            log.error("Reload of the routes failed, restoring the previous configuration", e);
            mappings.restore(previousMappings);
            operationPlans.replace(previousPlanner);
            subscriptions.restore(previousSubscriptions);
            fieldRules.restore(previousFieldRules);
            List<String> restoreProblems = new ArrayList<>();
            for (Map.Entry<String, String> file : done.entrySet()) {
                try {
                    List<String> ids = new ArrayList<>(newIds.getOrDefault(file.getKey(), List.of()));
                    removeRoutes(ids);
                    if (file.getValue() != null) {
                        load(file.getKey(), file.getValue());
                    }
                } catch (Exception again) {
                    restoreProblems.add(file.getKey() + ": could not restore its previous routes: " + again.getMessage());
                }
            }
            systemRoutes.reconcile();
            List<String> answer = new ArrayList<>();
            answer.add("routes: " + e.getMessage());
            answer.addAll(restoreProblems);
            return new Outcome(answer, List.of(), List.of(), 0, 0);
        }
        loaded = current;
        // a suspended system's reloaded consumers stay stopped
        systemRoutes.reconcile();
        log.info("Configuration reloaded: routes {} (removed {}), {} mappings, {} subscriptions", reloadedRoutes, removedRoutes,
                mappings.all().size(), subscriptions.all().size());
        return new Outcome(List.of(), reloadedRoutes, removedRoutes, mappings.all().size(), subscriptions.all().size());
    }

    /** Stops each route gracefully (its in-flight exchanges finish first) and removes it with its definition. */
    private void removeRoutes(List<String> ids) throws Exception {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        for (String id : ids) {
            if (camel.getRoute(id) != null) {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            }
            RouteDefinition definition = model.getRouteDefinition(id);
            if (definition != null) {
                model.removeRouteDefinition(definition);
            }
        }
    }

    /** Loads a route file's text into the running context: its routes start at once. */
    private void load(String name, String text) throws Exception {
        Resource resource = ResourceHelper.fromString("file:" + routesDir.resolve(name).toAbsolutePath(), text);
        PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
    }

    /** Every {@code *.camel.yaml} of the routes folder with its text. */
    private Map<String, String> routeFiles() {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(routesDir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(routesDir)) {
            for (Path file : list.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList()) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the route files in " + routesDir, e);
        }
        return files;
    }

    /**
     * The ids of the routes a route file declares ({@code route.id}, {@code templatedRoute.routeId}); an
     * entry of another kind, or a route without an id, is a problem: it cannot be reloaded.
     */
    static List<String> routeIds(String name, String text, List<String> problems) {
        List<String> ids = new ArrayList<>();
        String file = "routes/" + name;
        Node root;
        try (Reader reader = new StringReader(text)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (IOException | RuntimeException e) {
            problems.add(file + ": " + e.getMessage());
            return ids;
        }
        if (root == null) {
            return ids;
        }
        if (!(root instanceof SequenceNode sequence)) {
            problems.add(file + ":" + (root.getStartMark().getLine() + 1) + ": expected a list of routes");
            return ids;
        }
        for (Node item : sequence.getValue()) {
            int line = item.getStartMark().getLine() + 1;
            if (!(item instanceof MappingNode entry) || entry.getValue().size() != 1
                    || !(entry.getValue().get(0).getKeyNode() instanceof ScalarNode key)) {
                problems.add(file + ":" + line + ": expected one route or templatedRoute per list item");
                continue;
            }
            String kind = key.getValue();
            Node body = entry.getValue().get(0).getValueNode();
            String idKey = switch (kind) {
                case "route" -> "id";
                case "templatedRoute" -> "routeId";
                default -> null;
            };
            if (idKey == null) {
                problems.add(file + ":" + line + ": a changed '" + kind + "' cannot be reloaded (only route and templatedRoute); restart the hub");
                continue;
            }
            String id = body instanceof MappingNode fields ? scalar(fields, idKey) : null;
            if (id == null) {
                problems.add(file + ":" + line + ": a " + kind + " needs '" + idKey + "' to be reloaded");
            } else {
                ids.add(id);
            }
        }
        return ids;
    }

}
