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
import java.util.Objects;
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
    /** The card's counter a sale and a return move (a counter field in fields.yaml). */
    private static final String ACCUMULATED = "accumulated.amount";

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
     * on a unique index; run again, it finds the winner's row and answers with it (or refuses a conflict). A
     * refusal that must still be kept (a wrong PIN counted) commits first and is thrown afterwards.
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

    /** The card a request names, under its account's row lock: every change of one card is serialized. */
    private record Locked(JsonNode card, String number, CardProgram program, CardAccount account) {
    }

    private Locked lockCard(ObjectNode request) {
        JsonNode card = cards.find(request.path("cardNumber").asText());
        String number = card.path("number").asText();
        CardProgram program = programOf(card);
        CardAccount account = accounts.lock(number, program);
        card = cards.find(number); // read again under the lock: a concurrent transaction may have changed it
        return new Locked(card, number, program, account);
    }

    private Outcome applyTransaction(ObjectNode transaction, String pin) {
        Locked locked = lockCard(transaction);
        JsonNode card = locked.card();
        String number = locked.number();
        CardProgram program = locked.program();
        CardAccount account = locked.account();
        String type = transaction.path("type").asText();
        boolean sale = type.equals("sale");
        BigDecimal discount = amount(transaction, "discountAmount");
        BigDecimal total = amount(transaction, "totalAmount");
        // the request is known to be valid (its card, and the sale it returns on that card) before the PIN counts
        LedgerRow original = sale ? null : originalOnCard(transaction.path("originalTransactionId").asText(), number, "refund_transaction_id");
        String fingerprint = fingerprint("transaction", number, type, total, discount, text(transaction, "reference"),
                original == null ? null : original.id(), transaction);
        Optional<SpiException> pinRefusal = pins.check(account, program, pin);
        if (pinRefusal.isPresent()) {
            return Outcome.refused(pinRefusal.get());
        }
        Optional<Outcome> earlier = earlierTransaction(transaction, number, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        requireActive(card, program);
        requireProgramCurrency(card, program);

        BigDecimal balanceChange = BigDecimal.ZERO.setScale(2);
        if (sale && program.keepsBalance()) {
            balanceChange = discount.negate();
        } else if (!sale) {
            requireReturnable(original, total, discount, program);
            // a return gives back only what its sale took from the balance
            balanceChange = account.balance() != null && original.balanceChange().signum() < 0 ? discount : balanceChange;
        }
        BigDecimal newBalance = account.balance() == null ? null : account.balance().add(balanceChange);
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
        JsonNode answer = record(new Row(id, "transaction", type, newBalance, balanceChange, accumulatedChange, discount, total,
                original == null ? null : original.id(), fingerprint), card, program, account, transaction);
        LOG.info("SPI {} {} on card {}: discount {} {}", type, id, SpiErrors.mask(number), money(discount), program.currency());
        return Outcome.answered(answer);
    }

    private Outcome applyRevert(ObjectNode revert, String pin) {
        Locked locked = lockCard(revert);
        JsonNode card = locked.card();
        String number = locked.number();
        CardProgram program = locked.program();
        CardAccount account = locked.account();
        LedgerRow original = originalOnCard(revert.path("originalTransactionId").asText(), number, "transaction_id");
        String fingerprint = fingerprint("revert", number, "revert", null, null, null, original.id(), revert);
        Optional<SpiException> pinRefusal = pins.check(account, program, pin);
        if (pinRefusal.isPresent()) {
            return Outcome.refused(pinRefusal.get());
        }
        Optional<Outcome> earlier = earlierByRequestId("revert", text(revert, "requestId"), fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (original.type().equals("revert")) {
            throw SpiException.badRequest("transaction-not-revertible", "A revert cannot be reverted");
        }
        if (original.revertedBy() != null) {
            throw SpiException.badRequest("transaction-already-reverted", "The transaction is already reverted");
        }
        Integer openReturns = jdbc.queryForObject("""
                SELECT count(*) FROM spi_transaction WHERE original_transaction_id = :id AND type = 'return' AND reverted_by IS NULL
                """, new MapSqlParameterSource("id", original.id()), Integer.class);
        if (openReturns != null && openReturns > 0) {
            throw SpiException.badRequest("transaction-has-returns", "The sale has returns; revert them first");
        }
        BigDecimal balanceChange = account.balance() == null ? BigDecimal.ZERO.setScale(2) : original.balanceChange().negate();
        BigDecimal newBalance = account.balance() == null ? null : account.balance().add(balanceChange);

        String id = newTransactionId();
        revert.put("id", id);
        revert.put("totalAmount", money(original.totalAmount()));
        revert.put("discountAmount", money(original.discountAmount()));
        revert.put("currency", program.currency());
        revert.put("occurredAt", now());
        JsonNode answer = record(new Row(id, "revert", "revert", newBalance, balanceChange, original.accumulatedChange().negate(),
                original.discountAmount(), original.totalAmount(), original.id(), fingerprint), card, program, account, revert);
        jdbc.update("UPDATE spi_transaction SET reverted_by = :revert WHERE id = :id",
                new MapSqlParameterSource("revert", id).addValue("id", original.id()));
        LOG.info("SPI revert {} of {} on card {}", id, original.id(), SpiErrors.mask(number));
        return Outcome.answered(answer);
    }

    /** What one accepted request writes: its ledger row's figures. */
    private record Row(String id, String operation, String type, BigDecimal newBalance, BigDecimal balanceChange,
            BigDecimal accumulatedChange, BigDecimal discount, BigDecimal total, String originalId, String fingerprint) {
    }

    /** The ledger row, balance, card and event of one accepted transaction, in the caller's transaction. */
    private JsonNode record(Row row, JsonNode card, CardProgram program, CardAccount account, ObjectNode canonical) {
        String number = card.path("number").asText();
        if (row.newBalance() != null) {
            accounts.setBalance(number, row.newBalance());
        }
        JsonNode changedCard = card;
        if (row.accumulatedChange().signum() != 0) {
            // a delta, added to whatever the hub holds by then (an ecom poll may have moved it since the card was read)
            ObjectNode change = json.createObjectNode().put("number", number);
            change.putObject("accumulated").put("currency", program.currency());
            changedCard = store.addToCounters(SYSTEM, "card", change, java.util.Map.of(ACCUMULATED, row.accumulatedChange()));
        }
        JsonNode answer = view(changedCard, program, account, row.newBalance(), canonical);
        jdbc.update("""
                INSERT INTO spi_transaction (id, operation, type, card_number, discount_amount, total_amount, balance_change,
                    accumulated_change, balance_after, original_transaction_id, reference, store_id, register_id, request_id,
                    fingerprint, canonical, answer)
                VALUES (:id, :operation, :type, :card, :discount, :total, :balanceChange, :accumulatedChange, :balanceAfter,
                    :original, :reference, :store, :register, :request, :fingerprint, CAST(:canonical AS jsonb), CAST(:answer AS jsonb))
                """, new MapSqlParameterSource("id", row.id()).addValue("operation", row.operation()).addValue("type", row.type())
                .addValue("card", number).addValue("discount", row.discount()).addValue("total", row.total())
                .addValue("balanceChange", row.balanceChange()).addValue("accumulatedChange", row.accumulatedChange())
                .addValue("balanceAfter", row.newBalance()).addValue("original", row.originalId())
                .addValue("reference", text(canonical, "reference")).addValue("store", text(canonical, "storeId"))
                .addValue("register", text(canonical, "registerId")).addValue("request", text(canonical, "requestId"))
                .addValue("fingerprint", row.fingerprint()).addValue("canonical", write(canonical)).addValue("answer", write(answer)));
        String verb = row.type().equals("revert") ? "reverted" : row.type();
        // per-card ordering on Kafka: the subject (and key) is the card number
        outbox.append(CloudEvent.of(SYSTEM, "transaction", verb, number, write(canonical)));
        return answer;
    }

    /**
     * What a request asks for, as one string: the same Request-ID with another fingerprint is another request
     * (another card, amount, type, reference, original, store or register) and a conflict.
     */
    private static String fingerprint(String operation, String number, String type, BigDecimal total, BigDecimal discount,
            String reference, String originalId, JsonNode request) {
        return String.join("|", operation, number, type, total == null ? "" : money(total), discount == null ? "" : money(discount),
                Objects.toString(reference, ""), Objects.toString(originalId, ""), Objects.toString(text(request, "storeId"), ""),
                Objects.toString(text(request, "registerId"), ""));
    }

    /**
     * The same sale or return applied before. With a Request-ID, that is its identity. A sale is also once per
     * receipt on a card (store, register, card, transaction_reference): a till that retries with a fresh
     * Request-ID gets the first answer. Without a Request-ID a return is known by its receipt, sale and
     * amounts, so two different partial returns on one receipt are two returns.
     */
    private Optional<Outcome> earlierTransaction(JsonNode transaction, String number, String fingerprint) {
        Optional<Outcome> byRequest = earlierByRequestId("transaction", text(transaction, "requestId"), fingerprint);
        String reference = text(transaction, "reference");
        if (byRequest.isPresent() || reference == null) {
            return byRequest;
        }
        MapSqlParameterSource receipt = new MapSqlParameterSource("store", Objects.toString(text(transaction, "storeId"), ""))
                .addValue("register", Objects.toString(text(transaction, "registerId"), "")).addValue("card", number)
                .addValue("reference", reference).addValue("fingerprint", fingerprint);
        String sameReceipt = "operation = 'transaction' AND coalesce(store_id, '') = :store AND coalesce(register_id, '') = :register"
                + " AND card_number = :card AND reference = :reference";
        if (transaction.path("type").asText().equals("sale")) {
            return jdbc.query("SELECT answer, fingerprint FROM spi_transaction WHERE type = 'sale' AND " + sameReceipt, receipt,
                    (row, i) -> sameOrConflict(row.getString("answer"), row.getString("fingerprint"), fingerprint,
                            "receipt-conflict", "This receipt was already applied to this card with other content")).stream().findFirst();
        }
        if (text(transaction, "requestId") != null) {
            return Optional.empty();
        }
        return jdbc.query("SELECT answer, fingerprint FROM spi_transaction WHERE type = 'return' AND request_id IS NULL AND "
                + sameReceipt + " AND fingerprint = :fingerprint", receipt,
                (row, i) -> Outcome.answered(readTree(row.getString("answer")))).stream().findFirst();
    }

    /** The answer of the same Request-ID applied before, or a conflict when that Request-ID asked for something else. */
    private Optional<Outcome> earlierByRequestId(String operation, String requestId, String fingerprint) {
        if (requestId == null) {
            return Optional.empty();
        }
        return jdbc.query("SELECT answer, fingerprint FROM spi_transaction WHERE operation = :operation AND request_id = :request",
                new MapSqlParameterSource("operation", operation).addValue("request", requestId),
                (row, i) -> sameOrConflict(row.getString("answer"), row.getString("fingerprint"), fingerprint,
                        "request-id-conflict", "This Request-ID was already used for another request")).stream().findFirst();
    }

    private Outcome sameOrConflict(String answer, String storedFingerprint, String fingerprint, String errorCode, String message) {
        // rows from before fingerprints were kept count as the same request
        if (storedFingerprint == null || storedFingerprint.equals(fingerprint)) {
            return Outcome.answered(readTree(answer));
        }
        return Outcome.refused(new SpiException(409, errorCode, message));
    }

    /** The transaction a return or revert names, on this card (locked with the card), or 404. */
    private LedgerRow originalOnCard(String originalId, String number, String field) {
        return jdbc.query("""
                SELECT id, type, card_number, discount_amount, total_amount, balance_change, accumulated_change, reverted_by
                FROM spi_transaction WHERE id = :id AND card_number = :card
                """, new MapSqlParameterSource("id", originalId).addValue("card", number), (row, i) -> new LedgerRow(row.getString("id"),
                row.getString("type"), row.getString("card_number"), row.getBigDecimal("discount_amount"),
                row.getBigDecimal("total_amount"), row.getBigDecimal("balance_change"), row.getBigDecimal("accumulated_change"),
                row.getString("reverted_by"))).stream().findFirst()
                .orElseThrow(() -> new SpiException(404, "transaction-not-found", field + " names no transaction on this card",
                        java.util.Map.of("field", field)));
    }

    /**
     * A return gives back at most what is left of its sale: the totals of its open returns (not reverted)
     * never exceed the sale's total, their discounts never its discount.
     */
    private void requireReturnable(LedgerRow sale, BigDecimal total, BigDecimal discount, CardProgram program) {
        if (!sale.type().equals("sale")) {
            throw new SpiException(400, "invalid-refund-transaction", "refund_transaction_id: only a sale can be returned",
                    java.util.Map.of("field", "refund_transaction_id"));
        }
        if (sale.revertedBy() != null) {
            throw new SpiException(400, "invalid-refund-transaction", "refund_transaction_id: the sale was reverted",
                    java.util.Map.of("field", "refund_transaction_id"));
        }
        Returnable left = returnable(sale.id(), sale.totalAmount(), sale.discountAmount());
        if (total.compareTo(left.total()) > 0 || discount.compareTo(left.discount()) > 0) {
            throw new SpiException(400, "return-exceeds-sale", "The return is more than what is left of its sale",
                    java.util.Map.of("returnable_total", money(left.total()), "returnable_discount", money(left.discount()),
                            "currency", program.currency()));
        }
    }

    /** What is left to return of a sale. */
    record Returnable(BigDecimal total, BigDecimal discount) {
    }

    Returnable returnable(String saleId, BigDecimal saleTotal, BigDecimal saleDiscount) {
        return jdbc.queryForObject("""
                SELECT coalesce(sum(total_amount), 0) AS total, coalesce(sum(discount_amount), 0) AS discount FROM spi_transaction
                WHERE original_transaction_id = :id AND type = 'return' AND reverted_by IS NULL
                """, new MapSqlParameterSource("id", saleId),
                (row, i) -> new Returnable(saleTotal.subtract(row.getBigDecimal("total")), saleDiscount.subtract(row.getBigDecimal("discount"))));
    }

    /** Tiers and accumulated amounts are in the program's currency; a card accumulated in another cannot be added to. */
    private static void requireProgramCurrency(JsonNode card, CardProgram program) {
        JsonNode currency = card.path("accumulated").path("currency");
        if (currency.isTextual() && !currency.asText().equals(program.currency()) && accumulated(card).signum() != 0) {
            throw new SpiException(400, "currency-mismatch", "The card's accumulated amount is in another currency than its program's",
                    java.util.Map.of("card_currency", currency.asText(), "program_currency", program.currency()));
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

    private static BigDecimal accumulated(JsonNode card) {
        JsonNode amount = card.path("accumulated").path("amount");
        return amount.isTextual() ? new BigDecimal(amount.asText()) : BigDecimal.ZERO;
    }

    /** Amounts are magnitudes (SpiRequests refused negative ones); the type gives the direction. */
    private static BigDecimal amount(JsonNode transaction, String field) {
        return new BigDecimal(transaction.path(field).asText()).setScale(2, RoundingMode.UNNECESSARY);
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
