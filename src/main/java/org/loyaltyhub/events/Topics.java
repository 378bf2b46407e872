package org.loyaltyhub.events;

import java.util.List;
import java.util.stream.Stream;
import org.loyaltyhub.canonical.CanonicalEntity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Topic names: one per canonical entity ({@code loyalty.cards}) and the dead-letter topic, under a prefix. */
@Component("topics")
public class Topics {

    /**
     * Entities whose events travel on Kafka, in the order their topics are created ({@link CanonicalEntity}). The
     * dispatch Kamelet's consumer names the same topics (a Kamelet's URI cannot ask a bean): TopicsTests holds the two
     * together.
     */
    public static final List<String> EVENT_ENTITIES = CanonicalEntity.withTopics();

    private final String prefix;

    public Topics(@Value("${hub.kafka.topic-prefix:loyalty.}") String prefix) {
        this.prefix = prefix;
    }

    public String forEntity(String entity) {
        return prefix + entity + "s";
    }

    public String deadLetters() {
        return prefix + "dlq";
    }

    public List<String> all() {
        return Stream.concat(EVENT_ENTITIES.stream().map(this::forEntity), Stream.of(deadLetters())).toList();
    }
}
