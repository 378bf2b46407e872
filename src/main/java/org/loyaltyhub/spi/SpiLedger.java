package org.loyaltyhub.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.events.EventOutbox;
import org.loyaltyhub.store.CanonicalStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SPI ledger, on canonical transactions only. Each sale, return and revert is one database transaction:
 * the card's account row is locked, the ledger row, the new balance, the card's new accumulated amount
 * (through the canonical store, so it reaches the other systems) and the {@code transaction.*} event (through
 * the outbox) commit together, or nothing does. The answer is the canonical view of the card the answer
 * mapping turns into the SPI object; it is kept with the row, so a repeated request gets the same answer.
 */
@Component("spiLedger")
public class SpiLedger {

    private static final Logger LOG = LoggerFactory.getLogger(SpiLedger.class);
    private static final String SYSTEM = "spi";

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final CanonicalStore store;
    private final EventOutbox outbox;
    private final SpiCards cards;
    private final CardAccounts accounts;
    private final CardPins pins;
    private final CardPrograms programs;
    private final SpiProperties properties;
    private final Clock clock;
    private final ObjectMapper json;

    public SpiLedger(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, CanonicalStore store, EventOutbox outbox,
            SpiCards cards, CardAccounts accounts, CardPins pins, CardPrograms programs, SpiProperties properties,
            ObjectMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.store = store;
        this.outbox = outbox;
        this.cards = cards;
        this.accounts = accounts;
        this.pins = pins;
        this.programs = programs;
        this.properties = properties;
        this.clock = Clock.systemUTC();
        this.json = json;
    }

    /** Lookup: body = canonical card asked for ({number}) → body = the card's view. Reads only. */
    public void lookup(Exchange exchange) {
        JsonNode card = cards.find(exchange.getMessage().getBody(JsonNode.class).path("number").asText());
        CardProgram program = programOf(card);
        CardAccount account = accounts.find(card.path("number").asText()).orElse(null);
        BigDecimal balance = account != null ? account.balance() : program.keepsBalance() ? program.originalBalance() : null;
        exchange.getMessage().setBody(view(card, program, account, balance, null));
    }

    /** Sale or return: body = canonical transaction → body = the card's view with the transaction. */
    public void post(Exchange exchange) {
        ObjectNode transaction = exchange.getMessage().getBody(ObjectNode.class).deepCopy();
        String pin = exchange.getProperty(SpiRequests.PIN_INPUT, String.class);
        exchange.getMessage().setBody(once(() -> applyTransaction(transaction, pin)));
    }

    /** Revert: body = canonical revert → body = the card's view after the revert. */
    public void revert(Exchange exchange) {
        ObjectNode revert = exchange.getMessage().getBody(ObjectNode.class).deepCopy();
        String pin = exchange.getProperty(SpiRequests.PIN_INPUT, String.class);
        exchange.getMessage().setBody(once(() -> applyRevert(revert, pin)));
    }

    /**
     * Runs one ledger transaction. A concurrent twin of the same request (same Request-ID or receipt) loses
     * on the unique index; run again, it finds the winner's row and answers with it. A refusal that must still
     * be kept (a wrong PIN counted) commits first and is thrown afterwards.
     */
    private JsonNode once(java.util.function.Supplier<Outcome> work) {
        Outcome outcome;
        try {
            outcome = transactions.execute(status -> work.get());
        } catch (DuplicateKeyException e) {
            outcome = transactions.execute(status -> work.get());
        }
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        return outcome.answer();
    }

    /**
     * The start every ledger change shares: the card under its account's row lock, its PIN checked, and an
     * earlier answer to the same request found. {@code early} is set when the change must not go on.
     */
    private record Locked(JsonNode card, String number, CardProgram program, CardAccount account, Outcome early) {
    }

    private Locked lockCard(ObjectNode request, String pin, String kind) {
        JsonNode card = cards.find(request.path("cardNumber").asText());
        String number = card.path("number").asText();
        CardProgram program = programOf(card);
        CardAccount account = accounts.lock(number, program);
        card = cards.find(number); // read again under the lock: a concurrent transaction may have changed it
        Optional<SpiException> pinRefusal = pins.check(account, program, pin);
        if (pinRefusal.isPresent()) {
            return new Locked(card, number, program, account, Outcome.refused(pinRefusal.get()));
        }
        Optional<JsonNode> earlier = earlierAnswer(kind, request);
        return new Locked(card, number, program, account, earlier.map(Outcome::answered).orElse(null));
    }

    private Outcome applyTransaction(ObjectNode transaction, String pin) {
        Locked locked = lockCard(transaction, pin, "transaction");
        if (locked.early() != null) {
            return locked.early();
        }
        JsonNode card = locked.card();
        String number = locked.number();
        CardProgram program = locked.program();
        CardAccount account = locked.account();
        requireActive(card, program);

        String type = transaction.path("type").asText();
        boolean sale = type.equals("sale");
        BigDecimal discount = amount(transaction, "discountAmount", sale);
        BigDecimal total = amount(transaction, "totalAmount", sale);
        String originalId = null;
        if (!sale) {
            originalId = transaction.path("originalTransactionId").asText();
            requireReturnable(originalId, number);
        }
        BigDecimal balanceChange = program.keepsBalance() ? (sale ? discount.negate() : discount) : BigDecimal.ZERO.setScale(2);
        BigDecimal newBalance = program.keepsBalance() ? account.balance().add(balanceChange) : null;
        if (sale && program.limitType() == CardProgram.LimitType.HARD && newBalance.signum() < 0) {
            throw new SpiException(400, "limit-exceeded", "The discount exceeds the card's balance",
                    java.util.Map.of("balance", money(account.balance())));
        }
        BigDecimal accumulatedChange = sale ? total : total.negate();

        String id = newTransactionId();
        transaction.put("id", id);
        transaction.put("discountAmount", money(discount));
        transaction.put("totalAmount", money(total));
        transaction.put("currency", program.currency());
        if (!transaction.has("occurredAt")) {
            transaction.put("occurredAt", now());
        }
        JsonNode answer = record(id, "transaction", type, card, program, account, newBalance, balanceChange, accumulatedChange,
                discount, total, originalId, transaction);
        LOG.info("SPI {} {} on card {}: discount {} {}", type, id, SpiErrors.mask(number), money(discount), program.currency());
        return Outcome.answered(answer);
    }

    private Outcome applyRevert(ObjectNode revert, String pin) {
        Locked locked = lockCard(revert, pin, "revert");
        if (locked.early() != null) {
            return locked.early();
        }
        JsonNode card = locked.card();
        String number = locked.number();
        CardProgram program = locked.program();
        CardAccount account = locked.account();
        String originalId = revert.path("originalTransactionId").asText();
        LedgerRow original = jdbc.query("""
                SELECT id, type, card_number, discount_amount, total_amount, balance_change, accumulated_change, reverted_by
                FROM spi_transaction WHERE id = :id FOR UPDATE
                """, new MapSqlParameterSource("id", originalId), (row, i) -> new LedgerRow(row.getString("id"), row.getString("type"),
                row.getString("card_number"), row.getBigDecimal("discount_amount"), row.getBigDecimal("total_amount"),
                row.getBigDecimal("balance_change"), row.getBigDecimal("accumulated_change"), row.getString("reverted_by")))
                .stream().filter(row -> row.cardNumber().equals(number)).findFirst()
                .orElseThrow(() -> new SpiException(404, "transaction-not-found", "No transaction with this id on this card"));
        if (original.type().equals("revert")) {
            throw SpiException.badRequest("transaction-not-revertible", "A revert cannot be reverted");
        }
        if (original.revertedBy() != null) {
            throw SpiException.badRequest("transaction-already-reverted", "The transaction is already reverted");
        }
        Integer openReturns = jdbc.queryForObject("""
                SELECT count(*) FROM spi_transaction WHERE original_transaction_id = :id AND type = 'return' AND reverted_by IS NULL
                """, new MapSqlParameterSource("id", originalId), Integer.class);
        if (openReturns != null && openReturns > 0) {
            throw SpiException.badRequest("transaction-has-returns", "The sale has returns; revert them first");
        }
        BigDecimal balanceChange = original.balanceChange().negate();
        BigDecimal newBalance = account.balance() == null ? null : account.balance().add(balanceChange);

        String id = newTransactionId();
        revert.put("id", id);
        revert.put("totalAmount", money(original.totalAmount()));
        revert.put("discountAmount", money(original.discountAmount()));
        revert.put("currency", program.currency());
        revert.put("occurredAt", now());
        JsonNode answer = record(id, "revert", "revert", card, program, account, newBalance, balanceChange,
                original.accumulatedChange().negate(), original.discountAmount(), original.totalAmount(), originalId, revert);
        jdbc.update("UPDATE spi_transaction SET reverted_by = :revert WHERE id = :id",
                new MapSqlParameterSource("revert", id).addValue("id", originalId));
        LOG.info("SPI revert {} of {} on card {}", id, originalId, SpiErrors.mask(number));
        return Outcome.answered(answer);
    }

    /** The ledger row, balance, card and event of one accepted transaction, in the caller's transaction. */
    private JsonNode record(String id, String operation, String type, JsonNode card, CardProgram program, CardAccount account,
            BigDecimal newBalance, BigDecimal balanceChange, BigDecimal accumulatedChange, BigDecimal discount, BigDecimal total,
            String originalId, ObjectNode canonical) {
        String number = card.path("number").asText();
        if (newBalance != null) {
            accounts.setBalance(number, newBalance);
        }
        JsonNode changedCard = withAccumulated(card, program, accumulatedChange);
        if (accumulatedChange.signum() != 0) {
            ObjectNode change = json.createObjectNode().put("number", number);
            change.set("accumulated", changedCard.path("accumulated"));
            store.accept(SYSTEM, "card", change);
        }
        JsonNode answer = view(changedCard, program, account, newBalance, canonical);
        jdbc.update("""
                INSERT INTO spi_transaction (id, operation, type, card_number, discount_amount, total_amount, balance_change,
                    accumulated_change, original_transaction_id, reference, register_id, request_id, canonical, answer)
                VALUES (:id, :operation, :type, :card, :discount, :total, :balanceChange, :accumulatedChange, :original,
                    :reference, :register, :request, CAST(:canonical AS jsonb), CAST(:answer AS jsonb))
                """, new MapSqlParameterSource("id", id).addValue("operation", operation).addValue("type", type)
                .addValue("card", number).addValue("discount", discount).addValue("total", total)
                .addValue("balanceChange", balanceChange).addValue("accumulatedChange", accumulatedChange)
                .addValue("original", originalId).addValue("reference", text(canonical, "reference"))
                .addValue("register", text(canonical, "registerId")).addValue("request", text(canonical, "requestId"))
                .addValue("canonical", write(canonical)).addValue("answer", write(answer)));
        String verb = type.equals("revert") ? "reverted" : type;
        // per-card ordering on Kafka: the subject (and key) is the card number
        outbox.append(CloudEvent.of(SYSTEM, "transaction", verb, number, write(canonical)));
        return answer;
    }

    /** The answer of the same request applied before: same Request-ID, or (transactions) same receipt from the same register. */
    private Optional<JsonNode> earlierAnswer(String operation, JsonNode canonical) {
        String requestId = text(canonical, "requestId");
        if (requestId != null) {
            List<JsonNode> byRequest = jdbc.query("SELECT answer FROM spi_transaction WHERE operation = :operation AND request_id = :request",
                    new MapSqlParameterSource("operation", operation).addValue("request", requestId), (row, i) -> readTree(row.getString("answer")));
            if (!byRequest.isEmpty()) {
                return Optional.of(byRequest.get(0));
            }
        }
        String reference = text(canonical, "reference");
        if (operation.equals("transaction") && reference != null) {
            return jdbc.query("""
                    SELECT answer FROM spi_transaction WHERE operation = 'transaction' AND coalesce(register_id, '') = :register
                        AND type = :type AND reference = :reference
                    """, new MapSqlParameterSource("register", Optional.ofNullable(text(canonical, "registerId")).orElse(""))
                    .addValue("type", canonical.path("type").asText()).addValue("reference", reference),
                    (row, i) -> readTree(row.getString("answer"))).stream().findFirst();
        }
        return Optional.empty();
    }

    private void requireReturnable(String originalId, String number) {
        List<String> problems = jdbc.query("SELECT type, card_number, reverted_by FROM spi_transaction WHERE id = :id",
                new MapSqlParameterSource("id", originalId), (row, i) -> {
                    if (!row.getString("card_number").equals(number)) {
                        return "not-found";
                    }
                    if (!row.getString("type").equals("sale")) {
                        return "only a sale can be returned";
                    }
                    return row.getString("reverted_by") != null ? "the sale was reverted" : "";
                });
        if (problems.isEmpty() || problems.get(0).equals("not-found")) {
            throw new SpiException(404, "transaction-not-found", "refund_transaction_id names no transaction on this card",
                    java.util.Map.of("field", "refund_transaction_id"));
        }
        if (!problems.get(0).isEmpty()) {
            throw new SpiException(400, "invalid-refund-transaction", "refund_transaction_id: " + problems.get(0),
                    java.util.Map.of("field", "refund_transaction_id"));
        }
    }

    private void requireActive(JsonNode card, CardProgram program) {
        if (!active(card, program)) {
            throw SpiException.badRequest("card-inactive", "The card is not active");
        }
    }

    private boolean active(JsonNode card, CardProgram program) {
        return card.path("active").asBoolean(true) && program.active() && !program.expiredAt(clock.instant());
    }

    private CardProgram programOf(JsonNode card) {
        return programs.of(card.path("program").isTextual() ? card.path("program").asText() : null, properties.defaultProgram());
    }

    /** The canonical view the answer mapping (spi/discount-card.from-canonical) turns into the SPI object. */
    private ObjectNode view(JsonNode card, CardProgram program, CardAccount account, BigDecimal balance, JsonNode transaction) {
        ObjectNode view = json.createObjectNode();
        view.set("card", card);
        ObjectNode p = view.putObject("program");
        p.put("currency", program.currency());
        putIfPresent(p, "cardName", program.cardName());
        putIfPresent(p, "cardType", program.cardType());
        p.put("limitType", program.limitType().spiName());
        if (program.keepsBalance()) {
            p.put("originalBalance", money(program.originalBalance()));
        }
        if (program.alternateDiscount() != null) {
            p.putObject("alternateDiscount").put("percentage", program.alternateDiscount().percentage())
                    .put("productAttributeId", program.alternateDiscount().productAttributeId())
                    .put("productAttributeValue", program.alternateDiscount().productAttributeValue());
        }
        if (program.expiresAt() != null) {
            p.put("expiresAt", DateTimeFormatter.ISO_INSTANT.format(program.expiresAt()));
        }
        view.put("active", active(card, program));
        if (program.keepsBalance() && balance != null) {
            view.put("balance", money(balance));
        }
        view.put("discountPercentage", program.discountPercentage(accumulated(card)));
        view.put("requiresPin", CardPins.required(program, account));
        if (transaction != null) {
            view.set("transaction", transaction);
        }
        return view;
    }

    private JsonNode withAccumulated(JsonNode card, CardProgram program, BigDecimal change) {
        ObjectNode changed = card.deepCopy();
        String currency = card.path("accumulated").path("currency").isTextual()
                ? card.path("accumulated").path("currency").asText() : program.currency();
        changed.putObject("accumulated").put("amount", money(accumulated(card).add(change))).put("currency", currency);
        return changed;
    }

    private static BigDecimal accumulated(JsonNode card) {
        JsonNode amount = card.path("accumulated").path("amount");
        return amount.isTextual() ? new BigDecimal(amount.asText()) : BigDecimal.ZERO;
    }

    /** Amounts as magnitudes: a sale's may not be negative; a return's sign is not documented, so either is read. */
    private static BigDecimal amount(JsonNode transaction, String field, boolean sale) {
        BigDecimal amount = new BigDecimal(transaction.path(field).asText());
        if (sale && amount.signum() < 0) {
            throw new SpiException(400, "invalid-amount", "A sale's amounts cannot be negative", java.util.Map.of("field",
                    field.equals("discountAmount") ? "discount_amount" : "total_amount"));
        }
        return amount.abs().setScale(2, RoundingMode.UNNECESSARY);
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant());
    }

    private static String newTransactionId() {
        return "txn_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.path(field).asText() : null;
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record LedgerRow(String id, String type, String cardNumber, BigDecimal discountAmount, BigDecimal totalAmount,
            BigDecimal balanceChange, BigDecimal accumulatedChange, String revertedBy) {
    }

    /** An answer, or a refusal to throw once the transaction committed. */
    private record Outcome(JsonNode answer, SpiException refusal) {
        static Outcome answered(JsonNode answer) {
            return new Outcome(answer, null);
        }

        static Outcome refused(SpiException refusal) {
            return new Outcome(null, refusal);
        }
    }
}
