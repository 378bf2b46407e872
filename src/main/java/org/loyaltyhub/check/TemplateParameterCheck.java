package org.loyaltyhub.check;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks route templates against their use, with file and line: a template's placeholder that is not
 * one of its parameters, a parameter it declares but never uses, and a templated route that names a
 * parameter its template does not declare or leaves out one that has no default. Camel itself would
 * ignore an unknown parameter, so a misspelt one would silently fall back to its default.
 * A placeholder without a dot ({@code {{system}}}) is a template parameter; one with a dot
 * ({@code {{hub.systems.ecom.base-url}}}) is a setting.
 */
public final class TemplateParameterCheck {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9_-]*)(?::[^}]*)?}}");

    /** A template's declared parameters: name → has a default (optional). */
    private record Template(String id, Map<String, Boolean> parameters) {
    }

    private TemplateParameterCheck() {
    }

    /** Every problem of the templates in {@code templates} and the templated routes of every {@code *.camel.yaml} in {@code routes}. */
    public static List<String> check(String templatesName, InputStream templates, Path routes) {
        List<String> problems = new ArrayList<>();
        Map<String, Template> declared = new LinkedHashMap<>();
        try (Reader reader = new InputStreamReader(templates, StandardCharsets.UTF_8)) {
            readTemplates(templatesName, compose(reader), declared, problems);
        } catch (IOException | RuntimeException e) {
            problems.add(templatesName + ": " + e.getMessage());
        }
        if (!Files.isDirectory(routes)) {
            return problems;
        }
        try (Stream<Path> files = Files.list(routes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList()) {
                String name = routes.getFileName() + "/" + file.getFileName();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    readTemplates(name, compose(reader), declared, problems);
                    checkUses(name, compose(Files.newBufferedReader(file, StandardCharsets.UTF_8)), declared, problems);
                } catch (RuntimeException e) {
                    problems.add(name + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            problems.add(routes + ": " + e.getMessage());
        }
        return problems;
    }

    private static Node compose(Reader reader) {
        return new Yaml(new LoaderOptions()).compose(reader);
    }

    private static void readTemplates(String file, Node root, Map<String, Template> declared, List<String> problems) {
        for (MappingNode template : entries(root, "routeTemplate")) {
            String id = scalar(template, "id");
            Map<String, Boolean> parameters = new LinkedHashMap<>();
            Node list = value(template, "parameters");
            if (list instanceof SequenceNode sequence) {
                for (Node parameter : sequence.getValue()) {
                    if (parameter instanceof MappingNode fields && scalar(fields, "name") != null) {
                        parameters.put(scalar(fields, "name"), value(fields, "defaultValue") != null);
                    }
                }
            }
            Node route = value(template, "route");
            Set<String> used = new LinkedHashSet<>();
            if (route != null) {
                placeholders(route, used, problems, file, parameters.keySet(), id);
            }
            for (String parameter : parameters.keySet()) {
                if (!used.contains(parameter)) {
                    problems.add(file + ":" + line(template) + ": template " + id + " declares parameter '" + parameter + "' but never uses it");
                }
            }
            declared.put(id, new Template(id, parameters));
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

    private static void checkUses(String file, Node root, Map<String, Template> declared, List<String> problems) {
        for (MappingNode use : entries(root, "templatedRoute")) {
            String ref = scalar(use, "routeTemplateRef");
            Template template = declared.get(ref);
            if (template == null) {
                problems.add(file + ":" + line(use) + ": no route template '" + ref + "' (templates: " + declared.keySet() + ")");
                continue;
            }
            Set<String> given = new LinkedHashSet<>();
            Node list = value(use, "parameters");
            if (list instanceof SequenceNode sequence) {
                for (Node parameter : sequence.getValue()) {
                    String name = parameter instanceof MappingNode fields ? scalar(fields, "name") : null;
                    if (name == null) {
                        continue;
                    }
                    given.add(name);
                    if (!template.parameters().containsKey(name)) {
                        problems.add(file + ":" + line(parameter) + ": template " + ref + " has no parameter '" + name
                                + "' (parameters: " + template.parameters().keySet() + ")");
                    }
                }
            }
            template.parameters().forEach((name, optional) -> {
                if (!optional && !given.contains(name)) {
                    problems.add(file + ":" + line(use) + ": " + scalar(use, "routeId") + " leaves out parameter '" + name
                            + "' of template " + ref + ", which has no default");
                }
            });
        }
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

    private static Node value(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return tuple.getValueNode();
            }
        }
        return null;
    }

    private static String scalar(MappingNode mapping, String key) {
        return value(mapping, key) instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }
}
