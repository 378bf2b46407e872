package org.loyaltyhub.dispatch;

import static org.loyaltyhub.formats.YamlNodes.value;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.loyaltyhub.exchange.DeliveryItem;
import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.events.CloudEventRecords;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.mapping.CompiledMapping;
import org.loyaltyhub.mapping.MappingSyntaxException;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The subscriptions of {@code <hub.mappings.dir>/subscriptions.yaml}, checked at load (known system,
 * known event type, compiling condition) and applied by each target's dispatch route: the route asks
 * {@link #route(Exchange)} which delivery routes an event goes to. An event never goes back to the
 * system it came from.
 */
@Component("subscriptions")
public class Subscriptions {

    static final Set<String> VERBS = Set.of("upserted", "deleted", "sale", "return", "reverted", "requested");

    /** Swapped whole by {@link #reload()}. */
    private volatile List<Subscription> all;
    private final ObjectMapper json;
    private final Path file;
    private final SystemRegistry systems;

    public Subscriptions(@Value("${hub.mappings.dir}") Path mappingsDir, SystemRegistry systems, ObjectMapper json) {
        this.json = json;
        this.file = mappingsDir.resolve("subscriptions.yaml");
        this.systems = systems;
        this.all = load(file, systems);
    }

    /**
     * Reads {@code subscriptions.yaml} again and swaps the new list in at once; an invalid file fails the
     * reload ({@link SubscriptionException}) and the running subscriptions stay. Returns the list it replaced.
     */
    public synchronized List<Subscription> reload() {
        List<Subscription> loaded = load(file, systems);
        List<Subscription> previous = all;
        all = loaded;
        return previous;
    }

    /** Puts back subscriptions {@link #reload()} replaced. */
    public synchronized void restore(List<Subscription> previous) {
        all = previous;
    }

    public List<Subscription> all() {
        return all;
    }

    /** Targets that have at least one subscription. */
    public Set<String> targets() {
        Set<String> targets = new HashSet<>();
        List<Subscription> all = this.all;
        all.forEach(s -> targets.add(s.target()));
        return targets;
    }

    /**
     * Sets {@code hubDeliverTo} to the {@code direct:} endpoints of every subscription of this target
     * that accepts the event (comma-separated), or removes it when none does.
     */
    public void route(Exchange exchange) throws IOException {
        String target = exchange.getMessage().getHeader(DeliveryItem.HEADER_TARGET, String.class);
        // read by the CloudEvents binding, which refuses a record without the required attributes (a dead letter)
        CloudEvent event = CloudEventRecords.read(recordHeaders(exchange.getMessage()), exchange.getMessage().getBody(byte[].class));
        List<String> endpoints = deliverTo(target, event.type(), event.sourceSystem(), event.data());
        if (endpoints.isEmpty()) {
            exchange.getMessage().removeHeader(DeliveryItem.HEADER_DELIVER_TO);
        } else {
            exchange.getMessage().setHeader(DeliveryItem.HEADER_DELIVER_TO, String.join(",", endpoints));
        }
    }

    /** The Kafka record's headers as Camel's consumer keeps them; a message from elsewhere gives its own headers. */
    private static Headers recordHeaders(Message message) {
        if (message.getHeader(KafkaConstants.HEADERS) instanceof Headers headers) {
            return headers;
        }
        Headers headers = new RecordHeaders();
        message.getHeaders().forEach((name, value) -> {
            if (value instanceof byte[] || value instanceof String) {
                headers.add(name, value instanceof byte[] bytes ? bytes : ((String) value).getBytes(StandardCharsets.UTF_8));
            }
        });
        return headers;
    }

    /** The delivery routes of the target's subscriptions that take this event. */
    public List<String> deliverTo(String target, String type, String sourceSystem, String body) throws IOException {
        if (target == null || target.equals(sourceSystem)) {
            return List.of();
        }
        Object tree = null;
        List<String> endpoints = new ArrayList<>();
        for (Subscription subscription : this.all) {
            if (!subscription.target().equals(target) || !subscription.type().equals(type)) {
                continue;
            }
            if (subscription.compiledCondition() != null && tree == null) {
                tree = json.readValue(body, Object.class);
            }
            if (subscription.accepts(tree)) {
                endpoints.add("direct:" + subscription.deliver());
            }
        }
        return endpoints;
    }

    /** Loads and checks a subscriptions file against the configured systems. */
    public static List<Subscription> load(Path file, SystemRegistry systems) {
        if (!Files.exists(file)) {
            return List.of();
        }
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (IOException | RuntimeException e) {
            throw new SubscriptionException(file + ": not valid YAML: " + e.getMessage());
        }
        String name = file.getParent().getFileName() + "/" + file.getFileName();
        if (root == null) {
            return List.of();
        }
        Node list = root instanceof MappingNode mapping ? value(mapping, "subscriptions") : null;
        if (!(list instanceof SequenceNode sequence)) {
            throw new SubscriptionException(name + ":" + (root.getStartMark().getLine() + 1) + ": expected a 'subscriptions:' list");
        }
        List<Subscription> subscriptions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            String where = name + ":" + (item.getStartMark().getLine() + 1);
            if (!(item instanceof MappingNode fields)) {
                problems.add(where + ": a subscription is a mapping of id, on, to, deliver and optional when");
                continue;
            }
            Map<String, String> values = scalars(fields, where, problems);
            for (String unknown : values.keySet()) {
                if (!Set.of("id", "on", "to", "deliver", "when", "description").contains(unknown)) {
                    problems.add(where + ": unknown key '" + unknown + "' (keys: id, on, to, deliver, when, description)");
                }
            }
            String id = values.get("id");
            String on = values.get("on");
            String to = values.get("to");
            String deliver = values.get("deliver");
            if (id == null || on == null || to == null || deliver == null) {
                problems.add(where + ": id, on, to and deliver are required");
                continue;
            }
            if (!ids.add(id)) {
                problems.add(where + ": duplicate subscription id '" + id + "'");
            }
            int dot = on.lastIndexOf('.');
            if (dot < 0 || !Topics.EVENT_ENTITIES.contains(on.substring(0, dot)) || !VERBS.contains(on.substring(dot + 1))) {
                problems.add(where + ": unknown event type '" + on + "' (<entity>.<verb>; entities " + Topics.EVENT_ENTITIES
                        + ", verbs " + VERBS + ")");
            }
            if (!systems.exists(to)) {
                problems.add(where + ": unknown system '" + to + "' (configured: " + systems.names() + ")");
            }
            CompiledMapping condition = null;
            String when = values.get("when");
            if (when != null) {
                try {
                    // compiled as a mapping is: on the engine's fast path where the condition allows
                    condition = CompiledMapping.expression("subscriptions#" + id, to, where, when);
                } catch (MappingSyntaxException e) {
                    problems.add(where + ": condition does not compile: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
                }
            }
            subscriptions.add(new Subscription(id, CloudEvent.TYPE_PREFIX + on, to, deliver, when, condition, where));
        }
        if (!problems.isEmpty()) {
            throw new SubscriptionException("Invalid subscriptions:\n  " + String.join("\n  ", problems));
        }
        return List.copyOf(subscriptions);
    }

    /** Every key of a subscription with its text; a value that is not plain text is a problem. */
    private static Map<String, String> scalars(MappingNode mapping, String where, List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problems.add(where + ": keys must be plain names");
            } else if (tuple.getValueNode() instanceof ScalarNode value) {
                values.put(key.getValue(), value.getValue());
            } else {
                problems.add(where + ": '" + key.getValue() + "' must be a string");
                values.put(key.getValue(), null);
            }
        }
        return values;
    }
}
