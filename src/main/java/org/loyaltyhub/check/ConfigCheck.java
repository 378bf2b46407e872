package org.loyaltyhub.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.loyaltyhub.canonical.CanonicalSchemas;
import org.loyaltyhub.dispatch.Subscription;
import org.loyaltyhub.dispatch.Subscriptions;
import org.loyaltyhub.mapping.GoldenExamples;
import org.loyaltyhub.mapping.MappingEngine;
import org.loyaltyhub.mapping.MappingSyntaxException;
import org.loyaltyhub.operations.OperationPlanner;
import org.loyaltyhub.operations.OperationTables;
import org.loyaltyhub.store.FieldRules;
import org.loyaltyhub.systems.SystemDefaults;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Checks a configuration folder the way the hub checks it at start-up, without starting Kafka, a
 * database or any route: mappings compile, schemas load, every golden example passes, subscriptions
 * name known systems, event types and delivery routes, field rules name kept entities, known systems and one
 * rule per field, and every route file loads with its templates.
 * Run it with {@code java -jar target/loyalty-hub-<version>.jar --check [--config=<settings.yaml>] [routes dir] [mappings dir]}.
 */
public final class ConfigCheck {

    private final Path routes;
    private final Path mappings;
    private final ConfigurableEnvironment environment;

    public ConfigCheck(Path routes, Path mappings, ConfigurableEnvironment environment) {
        this.routes = routes;
        this.mappings = mappings;
        this.environment = environment;
    }

    public static void main(String[] args) {
        List<String> positional = new ArrayList<>();
        Optional<Path> settings = Optional.empty();
        for (String arg : args) {
            if (arg.startsWith("--config=")) {
                settings = Optional.of(Path.of(arg.substring("--config=".length())));
            } else if (!arg.startsWith("--")) {
                positional.add(arg);
            }
        }
        Path routes = Path.of(positional.size() > 0 ? positional.get(0) : "routes");
        Path mappings = Path.of(positional.size() > 1 ? positional.get(1) : "mappings");
        List<String> problems = new ConfigCheck(routes, mappings, environment(settings)).run();
        if (problems.isEmpty()) {
            System.out.println("Configuration OK: " + routes + ", " + mappings);
            System.exit(0);
        }
        System.err.println("Configuration has " + problems.size() + " problem(s):");
        problems.forEach(problem -> System.err.println("  " + problem.replace("\n", "\n    ")));
        System.exit(1);
    }

    /** The hub's own settings (application.yaml in the jar), overlaid with an optional settings file. */
    public static ConfigurableEnvironment environment(Optional<Path> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        try {
            yaml.load("application.yaml", new ClassPathResource("application.yaml"))
                    .forEach(source -> environment.getPropertySources().addLast(source));
            if (settings.isPresent()) {
                yaml.load(settings.get().toString(), new FileSystemResource(settings.get()))
                        .forEach(source -> environment.getPropertySources().addAfter(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read settings: " + e.getMessage(), e);
        }
        SystemDefaults.addTo(environment);
        return environment;
    }

    /** Every problem found, each naming its file (and line where the file format has lines). */
    public List<String> run() {
        List<String> problems = new ArrayList<>();
        // a plain mapper: module discovery would pick up the Scala module Kafka brings and read Scala maps
        ObjectMapper json = new ObjectMapper();
        SystemRegistry systems = new SystemRegistry(environment);

        CanonicalSchemas schemas = null;
        try {
            schemas = new CanonicalSchemas(mappings.resolve("canonical"));
        } catch (RuntimeException e) {
            problems.add(mappings.resolve("canonical") + ": " + e.getMessage());
        }
        MappingEngine engine = null;
        OperationTables tables = null;
        List<MappingSyntaxException> broken = new ArrayList<>();
        try {
            engine = MappingEngine.reportingBroken(mappings, systems::mappingConfig, json, broken);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        broken.stream().map(MappingSyntaxException::getMessage).forEach(problems::add);
        if (engine != null && schemas != null) {
            // examples of a mapping that does not compile would only repeat its syntax error
            List<String> brokenMappings = broken.stream()
                    .map(b -> b.file().replaceFirst("^[^/]+/", "").replaceFirst("\\.jsonata$", "")).toList();
            tables = OperationTables.load(mappings);
            problems.addAll(tables.problems());
            new GoldenExamples(engine, schemas, List.of(new OperationPlanner(tables, json)), json).runAll().stream()
                    .filter(outcome -> !outcome.passed())
                    .filter(outcome -> brokenMappings.stream().noneMatch(mapping ->
                            (outcome.example().system() + "/" + outcome.example().name()).startsWith(mapping + ".")))
                    .forEach(outcome -> problems.add(outcome.example().display() + ": " + outcome.failure().orElse("")));
        }
        List<Subscription> subscriptions = List.of();
        try {
            subscriptions = Subscriptions.load(mappings.resolve("subscriptions.yaml"), systems);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        try {
            FieldRules.load(mappings.resolve("fields.yaml"), systems);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        problems.addAll(TemplateCheck.check(routes, new TemplateCheck.Known(systems.names(),
                schemas == null ? Set.of() : schemas.entities(), engine == null ? Set.of() : engine.all().keySet(),
                tables == null ? Set.of() : tables.ids(), environment::getProperty)));
        Set<String> routeInputs = new TreeSet<>();
        Set<String> routeIds = new TreeSet<>();
        problems.addAll(loadRoutes(routeInputs, routeIds));
        for (Subscription subscription : subscriptions) {
            if (!routeIds.isEmpty() && !routeInputs.contains("direct:" + subscription.deliver())) {
                problems.add(subscription.location() + ": delivery route direct:" + subscription.deliver()
                        + " is not declared by any route file in " + routes);
            }
            if (!routeIds.isEmpty() && !routeIds.contains("dispatch-" + subscription.target())) {
                problems.add(subscription.location() + ": system " + subscription.target()
                        + " has no dispatch consumer (a templatedRoute of 'dispatch' with routeId dispatch-" + subscription.target() + ")");
            }
        }
        return problems;
    }

    /** Loads the templates and every route file into a Camel context that is never started. */
    private List<String> loadRoutes(Set<String> inputs, Set<String> ids) {
        List<String> problems = new ArrayList<>();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addPropertiesSource(new EnvironmentProperties(environment));
            List<Resource> resources = new ArrayList<>();
            resources.add(ResourceHelper.resolveMandatoryResource(camel, "classpath:camel/error-policy.camel.yaml"));
            for (org.springframework.core.io.Resource kamelet : new PathMatchingResourcePatternResolver().getResources(TemplateCheck.KAMELETS)) {
                resources.add(ResourceHelper.resolveMandatoryResource(camel, "classpath:camel/kamelets/" + kamelet.getFilename()));
            }
            try (Stream<Path> files = Files.list(routes)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList()) {
                    resources.add(ResourceHelper.resolveMandatoryResource(camel, "file:" + file.toAbsolutePath()));
                }
            }
            for (Resource resource : resources) {
                try {
                    PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
                } catch (Exception e) {
                    problems.add(resource.getLocation().replaceFirst("^file:", "") + ": " + e.getMessage());
                }
            }
            for (RouteDefinition route : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
                ids.add(route.getRouteId());
                String uri = route.getInput().getEndpointUri();
                // a templated route's own parameters first, then the hub's settings
                if (route.getTemplateParameters() != null) {
                    for (java.util.Map.Entry<String, Object> parameter : route.getTemplateParameters().entrySet()) {
                        uri = uri.replace("{{" + parameter.getKey() + "}}", String.valueOf(parameter.getValue()));
                    }
                }
                try {
                    inputs.add(camel.resolvePropertyPlaceholders(uri));
                } catch (RuntimeException e) {
                    problems.add("route " + route.getRouteId() + ": " + e.getMessage());
                }
            }
        } catch (Exception e) {
            problems.add(routes + ": " + e.getMessage());
        }
        return problems;
    }

    /** Camel placeholders resolved from the same settings the hub reads. */
    private record EnvironmentProperties(ConfigurableEnvironment environment) implements PropertiesSource {
        @Override
        public String getName() {
            return "hub-settings";
        }

        @Override
        public String getProperty(String name) {
            return environment.getProperty(name);
        }
    }
}
