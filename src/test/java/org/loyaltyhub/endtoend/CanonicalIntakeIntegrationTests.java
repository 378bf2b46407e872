package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A poll's intake against the codes sandbox (polled every 500 ms here): an item read again unchanged is not
 * taken in again, and an item that does not map waits as one dead letter however often the list is read.
 */
@HubIntegrationTest
class CanonicalIntakeIntegrationTests {

    private static final String CODES = "/sandbox/codes/api/v2/admin/discount-codes";

    @Autowired
    TestRestTemplate http;
    @Autowired
    CanonicalStore store;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;

    @Test
    void anItemThatDoesNotMapIsOneDeadLetterAcrossPollsUntilTheVendorFixesIt() throws Exception {
        // the context is shared: letters other classes left are not this test's
        java.util.Set<Long> earlier = java.util.Set.copyOf(deadLetters.waitingIds("codes"));
        // the canonical model takes ISO 4217 codes only: "euro" breaks the promotion's schema
        long id = jdbcId(http.postForObject(CODES, json("{\"Code\": \"BADCUR-1\", \"Type\": \"Fixed\", \"Amount\": 5, \"Currency\": \"euro\"}"),
                String.class));
        await().atMost(Duration.ofSeconds(30)).until(() -> lettersSince(earlier).size() == 1);
        long letter = lettersSince(earlier).get(0);

        OffsetDateTime parked = OffsetDateTime.now();
        await().atMost(Duration.ofSeconds(30)).until(() -> lastPoll().isAfter(parked.plusSeconds(2))); // several polls later
        assertThat(lettersSince(earlier)).containsExactly(letter);
        assertThat(deadLetters.find(letter).orElseThrow().history()).hasSize(1);
        assertThat(store.find("promotion", "BADCUR-1")).isEmpty();

        // fixed at the vendor: a new version of the item, taken in; the old version's letter waits for an operator
        http.exchange(CODES + "/" + id, HttpMethod.PUT,
                json("{\"Code\": \"BADCUR-1\", \"Type\": \"Fixed\", \"Amount\": 5, \"Currency\": \"EUR\"}"), String.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> store.find("promotion", "BADCUR-1").isPresent());
        assertThat(store.find("promotion", "BADCUR-1").orElseThrow().path("currency").asText()).isEqualTo("EUR");
        assertThat(lettersSince(earlier)).containsExactly(letter);

        // unchanged polls after that take nothing in again: the stored version stays the first one
        OffsetDateTime taken = OffsetDateTime.now();
        await().atMost(Duration.ofSeconds(30)).until(() -> lastPoll().isAfter(taken.plusSeconds(2)));
        assertThat(jdbc.queryForObject("SELECT version FROM canonical_entity WHERE entity = 'promotion' AND entity_key = 'BADCUR-1'",
                Long.class)).isEqualTo(1L);
    }

    @Test
    void aListWithoutPagesLongerThanAPageLimitIsReadOncePerPoll() {
        // ecom answers its whole list at once; 150 cards are more than a page limit (100) and than a chunk
        String cards = java.util.stream.IntStream.range(0, 150)
                .mapToObj(i -> "{\"code\": \"81%011d\", \"barcode\": \"B81%011d\", \"first_name\": \"Long\", \"active\": true}".formatted(i, i))
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        OffsetDateTime created = OffsetDateTime.now();
        // Camel asks the spool rules as a cached answer grows; this one never says no, so the threshold rule still
        // decides (it stays registered in the shared context, changing no decision)
        AtomicLong largestCached = new AtomicLong();
        camel.getStreamCachingStrategy().addSpoolRule(length -> {
            largestCached.accumulateAndGet(length, Math::max);
            return true;
        });
        http.postForEntity("/sandbox/ecom/external/discount-card/bulk-create/", json(cards), String.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> store.find("card", "8100000000149").isPresent());
        // the poll that took them in ends, and the ones after it do too: none reads the list again and again
        await().atMost(Duration.ofSeconds(30)).until(() -> lastPoll("ecom").isAfter(created.plusSeconds(2)));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM canonical_entity WHERE entity = 'card' AND entity_key LIKE '81%'",
                Long.class)).isEqualTo(150L);
        // the answer grew past the tests' 8 KiB threshold with spooling on: it went to a temporary file, and every
        // item was still read from there
        assertThat(camel.getStreamCachingStrategy().isSpoolEnabled()).isTrue();
        assertThat(largestCached.get()).isGreaterThan(camel.getStreamCachingStrategy().getSpoolThreshold());
    }

    private OffsetDateTime lastPoll() {
        return lastPoll("codes");
    }

    private OffsetDateTime lastPoll(String system) {
        return jdbc.queryForList("SELECT completed_at FROM poll_state WHERE system = ?", OffsetDateTime.class, system).stream()
                .findFirst().orElse(OffsetDateTime.MIN);
    }

    private static long jdbcId(String created) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(created).path("Id").asLong();
    }

    private static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    private java.util.List<Long> lettersSince(java.util.Set<Long> earlier) {
        return deadLetters.waitingIds("codes").stream().filter(id -> !earlier.contains(id)).toList();
    }
}
