package org.loyaltyhub.sandbox.wallet;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import org.loyaltyhub.sandbox.SandboxLock;
import org.loyaltyhub.sandbox.SandboxProblem;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The customers, cards and operation history of the wallet sandbox, in memory, over the fixed seeded templates
 * ({@link WalletTemplate#seeds()}). Thread-safe (one {@link SandboxLock}): every answer is computed under the lock,
 * so a card is never rendered without its customer. Customer ids are random UUIDs; card serial numbers are assigned
 * in sequence from {@code 100000-000-001} and never reused; operation ids count on from the example operation's 5512.
 * <p>
 * Rules the contract leaves open, as the sandbox takes them:
 * <ul>
 * <li>{@code externalUserId} is unique: a second customer with one already taken is refused (409), which is what
 * client code reports the platform doing for a customer that already exists.</li>
 * <li>Deleting a customer deletes their cards (a card cannot be answered without its customer, the contract's
 * {@code Card.customer} being required); their operations stay in the history.</li>
 * <li>A customer may hold any number of cards, of one template too: nothing documents a limit, and a card issued
 * twice by mistake shows in {@link #cardsOf(String)}.</li>
 * </ul>
 * The inspection methods ({@link #operations(String)}, {@link #cardsOf(String)}, ...) are for tests that check what
 * reached the vendor.
 */
@Component
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public class WalletStore {

    /** A card with its holder and template, read together under the lock. */
    record CardView(WalletCard card, WalletCustomer customer, WalletTemplate template) {

        ObjectNode render(boolean inList) {
            return card.render(customer, template, inList);
        }
    }

    /** An applied card operation: the card after it, and the operation recorded. */
    record Applied(CardView card, WalletOperation operation) {
    }

    /** The filters of the card list; null means "any". */
    record CardFilter(String customerEmail, String customerId, String customerPhone, Long templateId) {
    }

    /** The filters of the operation list; null means "any"; the dates are whole UTC days, both included. */
    record OperationFilter(String cardId, String customerId, Long templateId, LocalDate startDate, LocalDate endDate) {
    }

    private static final long FIRST_SERIAL = 100_000_000_001L;

    private final SandboxLock lock = new SandboxLock();
    private final Clock clock;
    private final NavigableMap<Long, WalletTemplate> templatesById = new TreeMap<>();
    private final Map<String, WalletCustomer> customersById = new LinkedHashMap<>();
    private final Map<String, String> customerIdByExternalUserId = new HashMap<>();
    private final Map<String, WalletCard> cardsById = new LinkedHashMap<>();
    private final List<WalletOperation> operations = new ArrayList<>();
    private long nextSerial;
    private long nextOperationId;

    public WalletStore() {
        this(Clock.systemUTC());
    }

    /** With the clock that stamps customers, cards and operations (tests move it to check date filters). */
    WalletStore(Clock clock) {
        this.clock = clock;
        WalletTemplate.seeds().forEach(template -> templatesById.put(template.id(), template));
        reset();
    }

    /**
     * Back to the seed: the contract's examples, which are one story: customer Jane Smith, her card
     * {@code 896844-833-112} with 240 points, and the operation 5512 that added its last 120.
     */
    public void reset() {
        lock.writing(() -> {
            clearState();
            index(WalletCustomer.EXAMPLE);
            WalletTemplate example = templatesById.get(WalletTemplate.EXAMPLE_ID);
            cardsById.put(WalletCard.EXAMPLE_ID, new WalletCard(WalletCard.EXAMPLE_ID, WalletCustomer.EXAMPLE.id(),
                    example.id(), WalletCard.EXAMPLE_CREATED_AT, null, WalletCardCounters.example(example), new TreeMap<>()));
            operations.add(WalletOperation.EXAMPLE);
            return null;
        });
    }

    /** Removes every customer, card and operation (the seeds too), for tests that need an exact population; the templates stay. */
    public void clear() {
        lock.writing(() -> {
            clearState();
            return null;
        });
    }

    private void clearState() {
        customersById.clear();
        customerIdByExternalUserId.clear();
        cardsById.clear();
        operations.clear();
        nextSerial = FIRST_SERIAL;
        nextOperationId = WalletOperation.EXAMPLE.id() + 1;
    }

    Instant now() {
        return clock.instant();
    }

    // ---- templates

    /** Every template, by id. */
    public List<WalletTemplate> templates() {
        return List.copyOf(templatesById.values()); // fixed after construction
    }

    public Optional<WalletTemplate> findTemplate(long id) {
        return Optional.ofNullable(templatesById.get(id));
    }

    // ---- customers

    /** Customers in the order they were created; email compared ignoring case, phone exactly; null filters match all. */
    public List<WalletCustomer> customers(String email, String phone) {
        return lock.reading(() -> customersById.values().stream()
                .filter(customer -> email == null || sameEmail(email, customer.email()))
                .filter(customer -> phone == null || phone.equals(customer.phone()))
                .toList());
    }

    public Optional<WalletCustomer> findCustomer(String id) {
        return lock.reading(() -> Optional.ofNullable(customersById.get(id)));
    }

    public Optional<WalletCustomer> findCustomerByExternalUserId(String externalUserId) {
        return lock.reading(() -> Optional.ofNullable(customerIdByExternalUserId.get(externalUserId)).map(customersById::get));
    }

    /**
     * With {@code duplicatesAccepted} (a real vendor's way, fault {@code duplicates-accepted}) an external user id
     * already taken is not refused: the repeated create makes a second customer with it.
     *
     * @throws WalletRefusal (409) when the external user id belongs to another customer
     */
    WalletCustomer createCustomer(WalletCustomerFields fields, boolean duplicatesAccepted) {
        return lock.writing(() -> {
            if (!duplicatesAccepted) {
                requireFreeExternalUserId(fields.externalUserIdAfter(null), null);
            }
            WalletCustomer customer = fields.create(UUID.randomUUID().toString(), now());
            index(customer);
            return customer;
        });
    }

    /**
     * Applies a PATCH; empty when there is no such customer.
     *
     * @throws WalletRefusal (409) when the new external user id belongs to another customer
     */
    Optional<WalletCustomer> updateCustomer(String id, WalletCustomerFields fields) {
        return lock.writing(() -> {
            WalletCustomer before = customersById.get(id);
            if (before == null) {
                return Optional.empty();
            }
            requireFreeExternalUserId(fields.externalUserIdAfter(before), id);
            WalletCustomer after = fields.applyTo(before, now());
            customerIdByExternalUserId.remove(before.externalUserId(), id);
            index(after);
            return Optional.of(after);
        });
    }

    /** Deletes the customer and their cards; false when there is no such customer. */
    boolean deleteCustomer(String id) {
        return lock.writing(() -> {
            WalletCustomer removed = customersById.remove(id);
            if (removed == null) {
                return false;
            }
            customerIdByExternalUserId.remove(removed.externalUserId(), id);
            cardsById.values().removeIf(card -> card.customerId().equals(id));
            return true;
        });
    }

    private void requireFreeExternalUserId(String externalUserId, String ownId) {
        String owner = externalUserId == null ? null : customerIdByExternalUserId.get(externalUserId);
        if (owner != null && !owner.equals(ownId)) {
            throw WalletRefusal.conflict("a customer with externalUserId \"" + externalUserId + "\" already exists (" + owner + ")");
        }
    }

    private void index(WalletCustomer customer) {
        customersById.put(customer.id(), customer);
        if (customer.externalUserId() != null) {
            customerIdByExternalUserId.put(customer.externalUserId(), customer.id());
        }
    }

    private static boolean sameEmail(String wanted, String email) {
        return email != null && email.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT));
    }

    // ---- cards

    /** Every card, in the order issued. */
    public List<WalletCard> cards() {
        return lock.reading(() -> List.copyOf(cardsById.values()));
    }

    public Optional<WalletCard> findCard(String id) {
        return lock.reading(() -> Optional.ofNullable(cardsById.get(id)));
    }

    /** The customer's cards, in the order issued. */
    public List<WalletCard> cardsOf(String customerId) {
        return lock.reading(() -> cardsById.values().stream().filter(card -> card.customerId().equals(customerId)).toList());
    }

    List<CardView> cards(CardFilter filter) {
        return lock.reading(() -> cardsById.values().stream().map(this::view)
                .filter(view -> filter.customerId() == null || filter.customerId().equals(view.card().customerId()))
                .filter(view -> filter.templateId() == null || filter.templateId() == view.card().templateId())
                .filter(view -> filter.customerEmail() == null || sameEmail(filter.customerEmail(), view.customer().email()))
                .filter(view -> filter.customerPhone() == null || filter.customerPhone().equals(view.customer().phone()))
                .toList());
    }

    Optional<CardView> findCardView(String id) {
        return lock.reading(() -> Optional.ofNullable(cardsById.get(id)).map(this::view));
    }

    /**
     * Issues a card of the template to the customer, with the next serial number.
     *
     * @throws WalletRefusal (422) when the customer or the template does not exist
     */
    CardView issueCard(WalletCard.Request request) {
        return lock.writing(() -> {
            WalletCustomer customer = customersById.get(request.customerId());
            WalletTemplate template = templatesById.get(request.templateId());
            List<SandboxProblem> problems = new ArrayList<>();
            if (customer == null) {
                problems.add(new SandboxProblem(null, "customerId", "no customer with id " + request.customerId()));
            }
            if (template == null) {
                problems.add(new SandboxProblem(null, "templateId", "no template with id " + request.templateId()));
            }
            if (!problems.isEmpty()) {
                throw WalletRefusal.invalid("cannot issue the card", problems);
            }
            String serial = nextFreeSerial();
            WalletCard card = new WalletCard(serial, customer.id(), template.id(), now(), null,
                    WalletCardCounters.issued(template), new TreeMap<>(request.customFields()));
            cardsById.put(serial, card);
            return view(card);
        });
    }

    /** Sets the custom field values given (the others are kept); empty when there is no such card. */
    Optional<CardView> updateCard(String id, Map<Long, String> customFields) {
        return lock.writing(() -> {
            WalletCard before = cardsById.get(id);
            if (before == null) {
                return Optional.empty();
            }
            WalletCard after = customFields.isEmpty() ? before : before.withCustomFields(customFields, now());
            cardsById.put(id, after);
            return Optional.of(view(after));
        });
    }

    /** Deletes the card (its operations stay in the history); false when there is no such card. */
    boolean deleteCard(String id) {
        return lock.writing(() -> cardsById.remove(id) != null);
    }

    /**
     * Applies the operation to the card and records it; empty when there is no such card.
     *
     * @throws WalletRefusal (422) when the card's template does not accept the operation (the vendor text's table,
     *         {@link WalletCardOperation}) or its counters do not allow it ({@link WalletCardCounters})
     */
    Optional<Applied> operate(String cardId, WalletCardOperation kind, WalletOperationInput input) {
        return lock.writing(() -> {
            WalletCard card = cardsById.get(cardId);
            if (card == null) {
                return Optional.empty();
            }
            WalletTemplate template = templatesById.get(card.templateId());
            if (!kind.accepts(template)) {
                throw WalletRefusal.refused(kind.path() + " does not apply to card " + cardId + ", a " + template.describe()
                        + "; the vendor applies it to: " + kind.appliesTo());
            }
            Instant now = now();
            WalletCardCounters.Applied applied = card.counters().apply(kind, template, input, now);
            WalletCard after = card.with(applied.after(), now);
            cardsById.put(cardId, after);
            WalletCustomer customer = customersById.get(card.customerId());
            WalletOperation operation = new WalletOperation(nextOperationId++, kind, cardId, customer.id(), template.id(),
                    applied.amount(), applied.balance(), input.comment(), input.purchaseSum(), applied.rewardTierId(), now,
                    customer);
            operations.add(operation);
            return Optional.of(new Applied(new CardView(after, customer, template), operation));
        });
    }

    private CardView view(WalletCard card) {
        return new CardView(card, customersById.get(card.customerId()), templatesById.get(card.templateId()));
    }

    /** {@code 100000-000-001}, {@code 100000-000-002}, ...: the example card's 6-3-3 digit format. */
    private String nextFreeSerial() {
        String serial;
        do {
            long number = nextSerial++;
            serial = String.format(Locale.ROOT, "%06d-%03d-%03d", number / 1_000_000, number / 1000 % 1000, number % 1000);
        } while (cardsById.containsKey(serial));
        return serial;
    }

    // ---- operations

    /** Every operation in the history, oldest first: the seeded example operation, then those applied since the last {@link #reset()}. */
    public List<WalletOperation> operations() {
        return lock.reading(() -> List.copyOf(operations));
    }

    /** The operations applied to one card, oldest first (they outlive the card). */
    public List<WalletOperation> operations(String cardId) {
        return lock.reading(() -> operations.stream().filter(operation -> operation.cardId().equals(cardId)).toList());
    }

    List<WalletOperation> operations(OperationFilter filter) {
        Predicate<WalletOperation> afterStart = operation -> filter.startDate() == null
                || !operation.createdAt().isBefore(filter.startDate().atStartOfDay(ZoneOffset.UTC).toInstant());
        Predicate<WalletOperation> beforeEnd = operation -> filter.endDate() == null
                || operation.createdAt().isBefore(filter.endDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        return lock.reading(() -> operations.stream()
                .filter(operation -> filter.cardId() == null || filter.cardId().equals(operation.cardId()))
                .filter(operation -> filter.customerId() == null || filter.customerId().equals(operation.customerId()))
                .filter(operation -> filter.templateId() == null || Objects.equals(filter.templateId(), operation.templateId()))
                .filter(afterStart).filter(beforeEnd)
                .toList());
    }
}
