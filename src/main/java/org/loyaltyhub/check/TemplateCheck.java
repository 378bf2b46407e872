package org.loyaltyhub.check;

import static org.loyaltyhub.formats.YamlNodes.line;
import static org.loyaltyhub.formats.YamlNodes.scalar;
import static org.loyaltyhub.formats.YamlNodes.value;
import static org.loyaltyhub.formats.YamlNodes.at;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks the route templates and their use, with file and line. The hub's templates are Kamelets
 * ({@code camel/kamelets/*.kamelet.yaml} in the jar) whose parameters are a JSON Schema: title, description,
 * type, default, example, {@code format: password} for secrets, and {@code x-hub-kind} for a value that
 * names a system, a canonical entity, a mapping or an operation table, {@code x-hub-needs} for the parameters a
 * parameter is useless without (given a value, they must be given values too). Route files may declare plain route templates of their
 * own as well (parameters with name and default only).
 * <p>
 * A template must document every parameter, use every parameter it declares and declare every placeholder
 * it uses; a required parameter has no default and an optional one has one (Camel needs it). A templated
 * route must name its template's parameters only (Camel itself ignores a misspelt one, which then falls back
 * to its default), give every required one, and give values its template accepts: of the declared type,
 * one of the enum, matching the pattern, naming a configured system, a canonical entity or a loaded mapping,
 * and a secret only as a setting's placeholder, never written into the route file. A value that is a
 * setting's placeholder is checked as the setting resolves.
 * <p>
 * A placeholder without a dot ({@code {{system}}}) is a template parameter; one with a dot
 * ({@code {{hub.systems.ecom.base-url}}}) is a setting.
 */
public final class TemplateCheck {

    /** The hub's Kamelets, in the jar. */
    public static final String KAMELETS = "classpath:camel/kamelets/*.kamelet.yaml";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9_-]*)(?::[^}]*)?}}");
    private static final Pattern SETTING = Pattern.compile("\\{\\{([^{}:]+)(?::([^{}]*))?}}");
    private static final Pattern WHOLE_PLACEHOLDER = Pattern.compile("^\\{\\{[^{}]+}}$");

    /** What parameter values may name, and how settings resolve. */
    public record Known(Set<String> systems, Set<String> entities, Set<String> mappings, Set<String> operationTables,
            Function<String, String> settings) {
    }

    /** One declared parameter. {@code type} and the rest are null for a plain route template's parameters. */
    record Parameter(String name, boolean required, String type, List<String> choices, Pattern pattern, String kind, boolean secret,
            List<String> needs) {
    }

    record Template(String id, Map<String, Parameter> parameters) {
    }

    private TemplateCheck() {
    }

    /** Every problem of the hub's Kamelets, the route files' own templates, and every templated route in {@code routes}. */
    public static List<String> check(Path routes, Known known) {
        List<String> problems = new ArrayList<>();
        Map<String, Template> declared = new LinkedHashMap<>();
        try {
            for (Resource kamelet : new PathMatchingResourcePatternResolver().getResources(KAMELETS)) {
                String name = "camel/kamelets/" + kamelet.getFilename();
                try (InputStream in = kamelet.getInputStream(); Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    readKamelet(name, compose(reader), declared, problems);
                } catch (RuntimeException e) {
                    problems.add(name + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            problems.add(KAMELETS + ": " + e.getMessage());
        }
        if (!Files.isDirectory(routes)) {
            return problems;
        }
        try (Stream<Path> files = Files.list(routes)) {
            List<Path> routeFiles = files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList();
            Map<String, Node> roots = new LinkedHashMap<>();
            for (Path file : routeFiles) {
                String name = routes.getFileName() + "/" + file.getFileName();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    Node root = compose(reader);
                    roots.put(name, root);
                    readRouteTemplates(name, root, declared, problems);
                } catch (RuntimeException e) {
                    problems.add(name + ": " + e.getMessage());
                }
            }
            roots.forEach((name, root) -> checkUses(name, root, declared, known, problems));
        } catch (IOException e) {
            problems.add(routes + ": " + e.getMessage());
        }
        return problems;
    }

    private static Node compose(Reader reader) {
        return new Yaml(new LoaderOptions()).compose(reader);
    }

    private static void readKamelet(String file, Node root, Map<String, Template> declared, List<String> problems) {
        if (!(root instanceof MappingNode kamelet)) {
            problems.add(file + ": not a Kamelet");
            return;
        }
        String id = at(kamelet, "metadata", "name") instanceof ScalarNode name ? name.getValue() : null;
        Node definition = at(kamelet, "spec", "definition");
        Node template = at(kamelet, "spec", "template");
        if (id == null || !(definition instanceof MappingNode fields) || template == null) {
            problems.add(file + ":1: a Kamelet needs metadata.name, spec.definition and spec.template");
            return;
        }
        Set<String> required = new LinkedHashSet<>();
        if (value(fields, "required") instanceof SequenceNode list) {
            list.getValue().forEach(item -> required.add(((ScalarNode) item).getValue()));
        }
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        if (value(fields, "properties") instanceof MappingNode properties) {
            for (NodeTuple tuple : properties.getValue()) {
                String name = ((ScalarNode) tuple.getKeyNode()).getValue();
                if (!(tuple.getValueNode() instanceof MappingNode property)) {
                    problems.add(file + ":" + line(tuple.getKeyNode()) + ": parameter '" + name + "' must be described by a schema");
                    continue;
                }
                Parameter parameter = parameterOf(name, required.contains(name), property);
                String where = file + ":" + line(tuple.getKeyNode()) + ": template " + id + " parameter '" + name + "'";
                for (String field : List.of("title", "description", "type")) {
                    if (scalar(property, field) == null) {
                        problems.add(where + " has no " + field);
                    }
                }
                String defaultValue = scalar(property, "default");
                if (parameter.required() && defaultValue != null) {
                    problems.add(where + " is required and has a default");
                }
                if (!parameter.required() && defaultValue == null) {
                    problems.add(where + " is optional but has no default");
                }
                if (defaultValue != null && !defaultValue.isEmpty()) {
                    if (parameter.secret()) {
                        problems.add(where + " is a secret and has a default");
                    }
                    String refused = refusal(parameter, defaultValue, null);
                    if (refused != null) {
                        problems.add(where + ": its default " + refused);
                    }
                }
                parameters.put(name, parameter);
            }
        }
        for (String name : required) {
            if (!parameters.containsKey(name)) {
                problems.add(file + ": template " + id + " requires '" + name + "', which is not one of its properties");
            }
        }
        // a template whose bean reads its parameters from the route itself (http-call: VendorCalls) need not name them all
        Set<String> mustBeUsed = scalar(fields, "x-hub-parameters-read-by") != null ? Set.of() : parameters.keySet();
        checkPlaceholders(file, id, template, parameters.keySet(), mustBeUsed, kamelet, problems);
        declared.put(id, new Template(id, parameters));
    }

    private static Parameter parameterOf(String name, boolean required, MappingNode property) {
        List<String> choices = null;
        if (value(property, "enum") instanceof SequenceNode list) {
            choices = list.getValue().stream().map(item -> ((ScalarNode) item).getValue()).toList();
        }
        List<String> needs = List.of();
        if (value(property, "x-hub-needs") instanceof SequenceNode list) {
            needs = list.getValue().stream().map(item -> ((ScalarNode) item).getValue()).toList();
        }
        String pattern = scalar(property, "pattern");
        return new Parameter(name, required, scalar(property, "type"), choices, pattern == null ? null : Pattern.compile(pattern),
                scalar(property, "x-hub-kind"), "password".equals(scalar(property, "format")), needs);
    }

    /** Plain {@code routeTemplate} entries of a route file: parameters with a name and maybe a default. */
    private static void readRouteTemplates(String file, Node root, Map<String, Template> declared, List<String> problems) {
        for (MappingNode template : entries(root, "routeTemplate")) {
            String id = scalar(template, "id");
            Map<String, Parameter> parameters = new LinkedHashMap<>();
            if (value(template, "parameters") instanceof SequenceNode sequence) {
                for (Node parameter : sequence.getValue()) {
                    if (parameter instanceof MappingNode fields && scalar(fields, "name") != null) {
                        String name = scalar(fields, "name");
                        parameters.put(name, new Parameter(name, value(fields, "defaultValue") == null, null, null, null, null, false, List.of()));
                    }
                }
            }
            Node route = value(template, "route");
            if (route != null) {
                checkPlaceholders(file, id, route, parameters.keySet(), parameters.keySet(), template, problems);
            }
            declared.put(id, new Template(id, parameters));
        }
    }

    private static void checkPlaceholders(String file, String id, Node route, Set<String> declared, Set<String> mustBeUsed, Node declaration,
            List<String> problems) {
        Set<String> used = new LinkedHashSet<>();
        placeholders(route, used, problems, file, declared, id);
        for (String parameter : mustBeUsed) {
            if (!used.contains(parameter)) {
                problems.add(file + ":" + line(declaration) + ": template " + id + " declares parameter '" + parameter + "' but never uses it");
            }
        }
    }

    private static void placeholders(Node node, Set<String> used, List<String> problems, String file, Set<String> declared, String template) {
        if (node instanceof ScalarNode scalar) {
            Matcher matcher = PLACEHOLDER.matcher(scalar.getValue());
            while (matcher.find()) {
                String name = matcher.group(1);
                used.add(name);
                if (!declared.contains(name)) {
                    problems.add(file + ":" + line(node) + ": template " + template + " uses {{" + name + "}}, which is not one of its parameters "
                            + declared);
                }
            }
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                placeholders(tuple.getValueNode(), used, problems, file, declared, template);
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> placeholders(item, used, problems, file, declared, template));
        }
    }

    private static void checkUses(String file, Node root, Map<String, Template> declared, Known known, List<String> problems) {
        for (MappingNode use : entries(root, "templatedRoute")) {
            String ref = scalar(use, "routeTemplateRef");
            Template template = declared.get(ref);
            if (template == null) {
                problems.add(file + ":" + line(use) + ": no route template '" + ref + "' (templates: " + declared.keySet() + ")");
                continue;
            }
            Set<String> given = new LinkedHashSet<>();
            Set<String> givenNonEmpty = new LinkedHashSet<>();
            if (value(use, "parameters") instanceof SequenceNode sequence) {
                for (Node item : sequence.getValue()) {
                    String name = item instanceof MappingNode fields ? scalar(fields, "name") : null;
                    if (name == null) {
                        continue;
                    }
                    given.add(name);
                    Parameter parameter = template.parameters().get(name);
                    if (parameter == null) {
                        problems.add(file + ":" + line(item) + ": template " + ref + " has no parameter '" + name
                                + "' (parameters: " + template.parameters().keySet() + ")");
                        continue;
                    }
                    String value = scalar((MappingNode) item, "value");
                    if (value != null && !value.isBlank()) {
                        givenNonEmpty.add(name);
                    }
                    String refused = value == null ? "has no value" : refusal(parameter, value, known);
                    if (refused != null) {
                        problems.add(file + ":" + line(item) + ": " + scalar(use, "routeId") + " parameter '" + name + "' " + refused);
                    }
                }
            }
            for (String name : givenNonEmpty) {
                Parameter parameter = template.parameters().get(name);
                if (parameter == null) {
                    continue;
                }
                // a need may name alternatives, any one of which will do: "answerMapping|plan"
                List<String> missing = parameter.needs().stream()
                        .filter(needed -> java.util.Arrays.stream(needed.split("\\|")).noneMatch(givenNonEmpty::contains)).toList();
                if (!missing.isEmpty()) {
                    problems.add(file + ":" + line(use) + ": " + scalar(use, "routeId") + " gives '" + name + "' without "
                            + String.join(", ", missing).replace("|", " or ") + ", which it needs (template " + ref + ")");
                }
            }
            template.parameters().values().forEach(parameter -> {
                if (parameter.required() && !given.contains(parameter.name())) {
                    problems.add(file + ":" + line(use) + ": " + scalar(use, "routeId") + " leaves out parameter '" + parameter.name()
                            + "' of template " + ref + ", which has no default");
                }
            });
        }
    }

    /** Why a value does not fit its parameter, or null when it does. Settings are resolved when {@code known} is given. */
    static String refusal(Parameter parameter, String value, Known known) {
        if (parameter.secret()) {
            return value.isEmpty() || WHOLE_PLACEHOLDER.matcher(value).matches() ? null
                    : "is a secret: give it as a setting's placeholder such as {{hub.systems.<system>.api-key}}, never the value itself";
        }
        String resolved = value;
        if (known != null && value.contains("{{")) {
            StringBuilder out = new StringBuilder();
            Matcher matcher = SETTING.matcher(value);
            while (matcher.find()) {
                String setting = known.settings().apply(matcher.group(1));
                if (setting == null && matcher.group(2) == null) {
                    return "uses the setting " + matcher.group(1) + ", which is not set";
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(setting != null ? setting : matcher.group(2)));
            }
            matcher.appendTail(out);
            resolved = out.toString();
        }
        if (resolved.contains("{{")) {
            return null; // a placeholder seen without settings (a template's default): checked where it is used
        }
        String shown = "'" + resolved + "'" + (resolved.equals(value) ? "" : " (from " + value + ")");
        if ("boolean".equals(parameter.type()) && !resolved.equals("true") && !resolved.equals("false")) {
            return "must be true or false, not " + shown;
        }
        if ("integer".equals(parameter.type()) && !resolved.matches("-?\\d+")) {
            return "must be a whole number, not " + shown;
        }
        if (parameter.choices() != null && !parameter.choices().contains(resolved)) {
            return "must be one of " + parameter.choices() + ", not " + shown;
        }
        if (parameter.pattern() != null && !parameter.pattern().matcher(resolved).find()) {
            return "does not match " + parameter.pattern().pattern() + ": " + shown;
        }
        if (known != null && parameter.kind() != null && !resolved.isEmpty()) {
            Set<String> names = switch (parameter.kind()) {
                case "system" -> known.systems();
                case "entity" -> known.entities();
                case "mapping" -> known.mappings();
                case "operation-table" -> known.operationTables();
                default -> null;
            };
            if (names != null && !names.contains(resolved)) {
                return "names " + parameter.kind() + " " + shown + ", which " + (parameter.kind().equals("system") ? "is not configured under hub.systems"
                        : parameter.kind().equals("entity") ? "is not a canonical entity"
                        : parameter.kind().equals("mapping") ? "is not a loaded mapping" : "is not a loaded operation table") + " (" + names + ")";
            }
        }
        return null;
    }

    /** The mappings under {@code - <key>:} at the top of a route file. */
    private static List<MappingNode> entries(Node root, String key) {
        List<MappingNode> found = new ArrayList<>();
        if (root instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                if (item instanceof MappingNode mapping && value(mapping, key) instanceof MappingNode entry) {
                    found.add(entry);
                }
            }
        }
        return found;
    }
}
