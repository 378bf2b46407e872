package org.loyaltyhub.bench.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.loyaltyhub.check.ConfigCheck;
import org.loyaltyhub.dispatch.Subscription;
import org.loyaltyhub.dispatch.Subscriptions;
import org.loyaltyhub.systems.SystemRegistry;

/**
 * Which systems the synced cards must reach and how many of them each: every target with a {@code card.upserted}
 * subscription, except the source (an event never goes back to its source), counting the cards its condition takes.
 */
final class SyncTargets {

    private SyncTargets() {
    }

    static List<Subscription> subscriptions(Path mappings) {
        return subscriptions(mappings, Optional.empty());
    }

    static List<Subscription> subscriptions(Path mappings, Optional<Path> settings) {
        return Subscriptions.load(mappings.resolve("subscriptions.yaml"), new SystemRegistry(ConfigCheck.environment(settings)));
    }

    /** Target → how many of these canonical cards (JSON) it subscribes to. */
    static Map<String, Integer> expected(Path mappings, Optional<Path> settings, String source, List<String> canonicalCards) {
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> expected = new TreeMap<>();
        List<Subscription> cards = subscriptions(mappings, settings).stream()
                .filter(s -> s.type().equals("org.loyaltyhub.card.upserted") && !s.target().equals(source)).toList();
        for (Subscription s : cards) {
            expected.putIfAbsent(s.target(), 0);
        }
        for (String card : canonicalCards) {
            Object tree;
            try {
                tree = json.readValue(card, Object.class);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e);
            }
            cards.stream().filter(s -> s.accepts(tree)).map(Subscription::target).distinct()
                    .forEach(target -> expected.merge(target, 1, Integer::sum));
        }
        return expected;
    }
}
