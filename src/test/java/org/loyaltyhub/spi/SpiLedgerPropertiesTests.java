package org.loyaltyhub.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loyaltyhub.spi.SpiClient.TRANSACTIONS;
import static org.loyaltyhub.spi.SpiClient.ret;
import static org.loyaltyhub.spi.SpiClient.revertPath;
import static org.loyaltyhub.spi.SpiClient.sale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.spring.JqwikSpringSupport;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The ledger's invariants over random sequences of sales, returns and reverts on random cards, sent by several
 * tills at once: balance = original − Σ net discounts, a hard-limit balance never below zero, accumulated =
 * Σ net totals, a sale's open returns never more than the sale, one outbox event per accepted row, and a
 * refused request changes nothing.
 */
@JqwikSpringSupport
@HubIntegrationTest
@TestPropertySource(properties = {
        "hub.spi.api-keys=" + SpiLedgerPropertiesTests.KEY,
        "hub.programs.prop-hard.currency=USD",
        "hub.programs.prop-hard.limit-type=hard",
        "hub.programs.prop-hard.original-balance=100.00",
        "hub.programs.prop-soft.currency=USD",
        "hub.programs.prop-soft.limit-type=soft",
        "hub.programs.prop-soft.original-balance=50.00",
        "hub.programs.prop-open.currency=USD"})
class SpiLedgerPropertiesTests {

    static final String KEY = "property-register-key";
    private static final String[] PROGRAMS = {"prop-hard", "prop-soft", "prop-open"};
    private static final Map<String, BigDecimal> ORIGINAL = Map.of("prop-hard", new BigDecimal("100.00"), "prop-soft", new BigDecimal("50.00"));
    private static final AtomicInteger CARDS = new AtomicInteger();
    private static final Set<Integer> REFUSALS = Set.of(400, 404, 409, 422);

    @Autowired
    TestRestTemplate http;
    @Autowired
    CanonicalStore store;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    Topics topics;

    /** One till's request; {@code pick} chooses among what was accepted before its batch. */
    sealed interface Op permits Sale, Return, Revert {
    }

    record Sale(int card, long discountCents, long totalCents) implements Op {
    }

    record Return(int pick, long discountCents, long totalCents) implements Op {
    }

    record Revert(int pick) implements Op {
    }

    /** An accepted sale or return, as the test saw it. */
    record Accepted(String id, String card, String type, BigDecimal discount, BigDecimal total, String saleId) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Long> cents = Arbitraries.longs().between(0, 6_000);
        Arbitrary<Op> sale = Combinators.combine(Arbitraries.integers().between(0, 2), cents, cents)
                .as((card, a, b) -> new Sale(card, Math.min(a, b) / 4, Math.max(a, b)));
        Arbitrary<Op> giveBack = Combinators.combine(Arbitraries.integers().between(0, 50), cents, cents)
                .as((pick, a, b) -> new Return(pick, Math.min(a, b) / 8, Math.max(a, b) / 2));
        Arbitrary<Op> revert = Arbitraries.integers().between(0, 50).map(Revert::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, sale), net.jqwik.api.Tuple.of(4, giveBack),
                net.jqwik.api.Tuple.of(2, revert)).list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 12)
    void theLedgerKeepsItsInvariants(@ForAll("operations") List<Op> operations, @ForAll @IntRange(min = 1, max = 4) int tills)
            throws Exception {
        String[] cards = new String[3];
        for (int i = 0; i < cards.length; i++) {
            cards[i] = String.valueOf(8_300_000_000L + CARDS.incrementAndGet());
            store.accept("test", "card", json.readTree("""
                    {"number":"%s","active":true,"program":"%s","accumulated":{"amount":"0.00","currency":"USD"}}"""
                    .formatted(cards[i], PROGRAMS[i])));
        }
        List<Accepted> accepted = new CopyOnWriteArrayList<>();
        Map<String, String> reverted = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger rowsAccepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(tills);
        try {
            for (int from = 0; from < operations.size(); from += tills) {
                List<Accepted> known = List.copyOf(accepted);
                List<Future<?>> batch = new ArrayList<>();
                for (Op op : operations.subList(from, Math.min(from + tills, operations.size()))) {
                    String receipt = "p-" + CARDS.incrementAndGet();
                    batch.add(pool.submit(() -> {
                        send(op, receipt, cards, known, accepted, reverted, rowsAccepted);
                        return null;
                    }));
                }
                for (Future<?> request : batch) {
                    request.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < cards.length; i++) {
            assertInvariants(cards[i], PROGRAMS[i], accepted, reverted);
        }
        assertThat(rows(cards)).as("a refused request stores nothing").isEqualTo(rowsAccepted.get());
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM spi_transaction t WHERE t.card_number IN (:cards) AND (SELECT count(*) FROM event_outbox o
                    WHERE o.topic = :topic AND CAST(o.payload AS jsonb) ->> 'id' = t.id) <> 1
                """, new MapSqlParameterSource("cards", List.of(cards)).addValue("topic", topics.forEntity("transaction")), Integer.class))
                .as("every accepted row has exactly one event").isZero();
    }

    private void send(Op op, String receipt, String[] cards, List<Accepted> known, List<Accepted> accepted,
            Map<String, String> reverted, AtomicInteger rowsAccepted) throws Exception {
        SpiClient till = new SpiClient(http, json, KEY, "store-p", "till-" + Thread.currentThread().getId());
        if (op instanceof Sale s) {
            String card = cards[s.card()];
            ResponseEntity<String> answer = till.post(TRANSACTIONS, sale(card, cents(s.discountCents()), cents(s.totalCents()), receipt), null);
            if (accept(till, answer, 201, TRANSACTIONS)) {
                rowsAccepted.incrementAndGet();
                accepted.add(new Accepted(id(answer), card, "sale", new BigDecimal(cents(s.discountCents())),
                        new BigDecimal(cents(s.totalCents())), null));
            }
        } else if (op instanceof Return r) {
            List<Accepted> sales = known.stream().filter(a -> a.type().equals("sale")).toList();
            if (sales.isEmpty()) {
                return;
            }
            Accepted target = sales.get(r.pick() % sales.size());
            ResponseEntity<String> answer = till.post(TRANSACTIONS,
                    ret(target.card(), cents(r.discountCents()), cents(r.totalCents()), receipt, target.id()), null);
            if (accept(till, answer, 201, TRANSACTIONS)) {
                rowsAccepted.incrementAndGet();
                accepted.add(new Accepted(id(answer), target.card(), "return", new BigDecimal(cents(r.discountCents())),
                        new BigDecimal(cents(r.totalCents())), target.id()));
            }
        } else if (op instanceof Revert v && !known.isEmpty()) {
            Accepted target = known.get(v.pick() % known.size());
            String path = revertPath(target.id());
            ResponseEntity<String> answer = till.post(path, "{\"card_number\":\"" + target.card() + "\"}", null);
            if (accept(till, answer, 200, path)) {
                rowsAccepted.incrementAndGet();
                assertThat(reverted.put(target.id(), target.id())).as("reverted at most once").isNull();
            }
        }
    }

    /** True for the expected success; a refusal must be one of the Error answers, never a 500. */
    private static boolean accept(SpiClient till, ResponseEntity<String> answer, int success, String path) throws Exception {
        int status = answer.getStatusCode().value();
        assertThat(status == success || REFUSALS.contains(status)).as("%s %s", status, answer.getBody()).isTrue();
        till.ok(answer, status, path);
        return status == success;
    }

    private void assertInvariants(String card, String program, List<Accepted> accepted, Map<String, String> reverted) {
        List<Accepted> open = accepted.stream().filter(a -> a.card().equals(card) && !reverted.containsKey(a.id())).toList();
        BigDecimal netDiscount = BigDecimal.ZERO;
        BigDecimal netTotal = BigDecimal.ZERO;
        Map<String, BigDecimal[]> returnedPerSale = new HashMap<>();
        for (Accepted a : open) {
            boolean sale = a.type().equals("sale");
            netDiscount = sale ? netDiscount.add(a.discount()) : netDiscount.subtract(a.discount());
            netTotal = sale ? netTotal.add(a.total()) : netTotal.subtract(a.total());
            if (!sale) {
                BigDecimal[] sums = returnedPerSale.computeIfAbsent(a.saleId(), id -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                sums[0] = sums[0].add(a.total());
                sums[1] = sums[1].add(a.discount());
            }
        }
        CardLedger ledger = new CardLedger(jdbc, store);
        assertThat(ledger.accumulated(card)).as("accumulated = Σ net totals").isEqualByComparingTo(netTotal);
        // a card no till has touched has no account yet: its balance is still the original
        BigDecimal balance = ledger.balance(card).orElse(ORIGINAL.get(program));
        if (ORIGINAL.containsKey(program)) {
            assertThat(balance).as("balance = original − Σ net discounts").isEqualByComparingTo(ORIGINAL.get(program).subtract(netDiscount));
        } else {
            assertThat(balance).as("an unlimited card keeps no balance").isNull();
        }
        if (program.equals("prop-hard")) {
            assertThat(balance.signum()).as("a hard-limit balance never below zero").isGreaterThanOrEqualTo(0);
        }
        for (Map.Entry<String, BigDecimal[]> sums : returnedPerSale.entrySet()) {
            Accepted sale = accepted.stream().filter(a -> a.id().equals(sums.getKey())).findFirst().orElseThrow();
            assertThat(sums.getValue()[0]).as("returned total of %s", sale.id()).isLessThanOrEqualTo(sale.total());
            assertThat(sums.getValue()[1]).as("returned discount of %s", sale.id()).isLessThanOrEqualTo(sale.discount());
        }
    }

    private int rows(String[] cards) {
        return jdbc.queryForObject("SELECT count(*) FROM spi_transaction WHERE card_number IN (:cards)",
                new MapSqlParameterSource("cards", List.of(cards)), Integer.class);
    }

    private String id(ResponseEntity<String> answer) throws Exception {
        JsonNode body = json.readTree(answer.getBody());
        return body.path("transaction_id").asText();
    }

    private static String cents(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }
}
