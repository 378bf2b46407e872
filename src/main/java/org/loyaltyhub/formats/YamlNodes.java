package org.loyaltyhub.formats;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reading a YAML file as SnakeYAML's node tree, where every value keeps its line: the configuration files (route
 * files, Kamelets, subscriptions, operation tables, field rules) are read this way so that a problem names its line.
 */
public final class YamlNodes {

    private YamlNodes() {
    }

    /** The value of {@code key} in the mapping, or null. */
    public static Node value(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return tuple.getValueNode();
            }
        }
        return null;
    }

    /** The value at a path of keys from the mapping, or null where one is missing or not a mapping. */
    public static Node at(MappingNode mapping, String... path) {
        Node node = mapping;
        for (String key : path) {
            if (!(node instanceof MappingNode fields)) {
                return null;
            }
            node = value(fields, key);
        }
        return node;
    }

    /** The text of {@code key} in the mapping when it is plain text, else null. */
    public static String scalar(MappingNode mapping, String key) {
        return text(value(mapping, key));
    }

    /** The node's text when it is plain text, else null. */
    public static String text(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    /** The node's line, counted from 1; a missing node is at line 1. */
    public static int line(Node node) {
        return node == null ? 1 : node.getStartMark().getLine() + 1;
    }
}
