package org.loyaltyhub.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TopicsTests {

    private static final Path DISPATCH = Path.of("src/main/resources/camel/kamelets/dispatch.kamelet.yaml");

    @Test
    void theDispatchConsumerReadsEveryEventTopicAndNoOther() throws IOException {
        Matcher from = Pattern.compile("uri: \"kafka:([^\"]+)\"").matcher(Files.readString(DISPATCH));
        assertThat(from.find()).as("the dispatch Kamelet's kafka consumer").isTrue();
        Topics topics = new Topics("{{hub.kafka.topic-prefix}}");

        assertThat(Arrays.asList(from.group(1).split(",")))
                .containsExactlyElementsOf(Topics.EVENT_ENTITIES.stream().map(topics::forEntity).toList());
    }

    @Test
    void anEntitysTopicIsItsPluralUnderThePrefix() {
        Topics topics = new Topics("loyalty.");
        assertThat(topics.forEntity("promo-assignment")).isEqualTo("loyalty.promo-assignments");
        assertThat(topics.all()).containsExactly("loyalty.cards", "loyalty.transactions", "loyalty.promotions",
                "loyalty.promo-assignments", "loyalty.dlq");
    }
}
