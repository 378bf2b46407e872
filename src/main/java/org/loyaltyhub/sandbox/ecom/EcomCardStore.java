package org.loyaltyhub.sandbox.ecom;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import org.loyaltyhub.sandbox.SandboxLock;
import org.loyaltyhub.sandbox.SandboxProblem;
import org.loyaltyhub.sandbox.SandboxValidationException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The discount cards of the ecom sandbox, in memory, with a journal of every write it applied so that tests can
 * check what reached the vendor. Thread-safe; barcodes and codes are indexed, so one write costs the same with
 * 100,000 cards as with ten. Writes of a batch are checked together and applied together, or not at all.
 */
@Component
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public class EcomCardStore {

    public static final String CREATE = "create";
    public static final String UPDATE = "update";

    /**
     * One applied write, in the order applied.
     *
     * @param operation {@link #CREATE} or {@link #UPDATE}
     * @param code the card's code after the write
     */
    public record Write(String operation, long id, String code) {
    }

    private record WriteKey(String code, String operation) {
    }

    /** One card of a batch: before (null for a new card) and after; index is the item's position, null if single. */
    private record Change(Integer index, EcomCard before, EcomCard after) {
    }

    private final SandboxLock lock = new SandboxLock();
    private final NavigableMap<Long, EcomCard> cardsById = new TreeMap<>();
    private final Map<String, Long> idByBarcode = new HashMap<>();
    private final Map<String, NavigableSet<Long>> idsByCode = new HashMap<>(); // codes are not documented as unique
    private final List<Write> journal = new ArrayList<>();
    /** Per card, what ecom itself added since the card was last read by id (the hub reads a card before writing it). */
    private final Map<Long, BigDecimal> accruedSinceRead = new HashMap<>();
    /** Per card, the part of {@link #accruedSinceRead} that a read of the whole list (a poll) has shown since. */
    private final Map<Long, BigDecimal> listedSinceRead = new HashMap<>();
    private Accruals accruals = Accruals.NONE;
    private final Map<WriteKey, Long> writeCounts = new HashMap<>();
    private long nextId;

    public EcomCardStore() {
        reset();
    }

    /** Back to the start: only the document's example card (id 1), next id 2, empty journal. */
    public void reset() {
        lock.writing(() -> {
            cardsById.clear();
            idByBarcode.clear();
            idsByCode.clear();
            journal.clear();
            writeCounts.clear();
            accruedSinceRead.clear();
            listedSinceRead.clear();
            accruals = Accruals.NONE;
            index(EcomCard.DOCUMENT_EXAMPLE);
            nextId = EcomCard.DOCUMENT_EXAMPLE.id() + 1;
            return null;
        });
    }

    /**
     * What ecom's own checkout added to cards' accumulated amounts ({@link #accrue}), and how much of it a later write
     * overwrote: added after the writer's last read of the card by id, before its write landed (the race window of a
     * read-before-write without a conditional write, which only the vendor can see). {@code overwritten} counts the
     * writes that did so, {@code overwrittenAmount} what they overwrote. Of that, {@code listedAmount} (in
     * {@code listed} of those writes) had been shown by a read of the whole list (a poll) before the write landed: the
     * reader may have counted it, so it is not necessarily lost.
     */
    public record Accruals(long count, BigDecimal amount, long overwritten, BigDecimal overwrittenAmount, long listed,
            BigDecimal listedAmount) {
        static final Accruals NONE = new Accruals(0, BigDecimal.ZERO, 0, BigDecimal.ZERO, 0, BigDecimal.ZERO);

        /** What happened since {@code earlier}, a reading of the same store. */
        public Accruals since(Accruals earlier) {
            return new Accruals(count - earlier.count, amount.subtract(earlier.amount), overwritten - earlier.overwritten,
                    overwrittenAmount.subtract(earlier.overwrittenAmount), listed - earlier.listed, listedAmount.subtract(earlier.listedAmount));
        }
    }

    public Accruals accruals() {
        return lock.reading(() -> accruals);
    }

    /**
     * What ecom does itself when an online order earns a card an amount: adds it in one step (not a call of the
     * documented API, which only sets absolute figures). Empty when there is no card with that id.
     */
    public Optional<EcomCard> accrue(long id, BigDecimal amount) {
        return lock.writing(() -> {
            EcomCard before = cardsById.get(id);
            if (before == null) {
                return Optional.empty();
            }
            BigDecimal held = before.accumulatedAmount() == null ? BigDecimal.ZERO : before.accumulatedAmount();
            EcomCard after = new EcomCard(before.id(), before.userId(), before.code(), before.legalEntityName(), before.firstName(),
                    before.lastName(), before.barcode(), held.add(amount), before.sex(), before.dateOfBirth(), before.address(), before.active());
            cardsById.put(id, after);
            accruedSinceRead.merge(id, amount, BigDecimal::add);
            accruals = new Accruals(accruals.count() + 1, accruals.amount().add(amount), accruals.overwritten(), accruals.overwrittenAmount(),
                    accruals.listed(), accruals.listedAmount());
            return Optional.of(after);
        });
    }

    /** A client read the card by id: what was accrued before is in what it read. */
    public Optional<EcomCard> read(long id) {
        return lock.writing(() -> {
            accruedSinceRead.remove(id);
            listedSinceRead.remove(id);
            return Optional.ofNullable(cardsById.get(id));
        });
    }

    /** A client read the whole list (a poll): what was accrued so far is in what it read ({@link Accruals#listedAmount}). */
    public List<EcomCard> readAll() {
        return lock.writing(() -> {
            listedSinceRead.clear();
            listedSinceRead.putAll(accruedSinceRead);
            return List.copyOf(cardsById.values());
        });
    }

    /** Every card, ordered by id. */
    public List<EcomCard> all() {
        return lock.reading(() -> List.copyOf(cardsById.values()));
    }

    public Optional<EcomCard> find(long id) {
        return lock.reading(() -> Optional.ofNullable(cardsById.get(id)));
    }

    /** The oldest card with this code. */
    public Optional<EcomCard> findByCode(String code) {
        return lock.reading(() -> Optional.ofNullable(idsByCode.get(code)).map(ids -> cardsById.get(ids.first())));
    }

    /** Every card with this code, ordered by id: more than one means a card was created twice. */
    public List<EcomCard> findAllByCode(String code) {
        return lock.reading(() -> idsByCode.getOrDefault(code, new TreeSet<>()).stream().map(cardsById::get).toList());
    }

    public int size() {
        return lock.reading(cardsById::size);
    }

    /** Every write applied since the last {@link #reset()}, in order (the seeded card is not a write). */
    public List<Write> journal() {
        return lock.reading(() -> List.copyOf(journal));
    }

    /** How many writes of the operation ({@link #CREATE} or {@link #UPDATE}) left a card with this code. */
    public long writesFor(String code, String operation) {
        return lock.reading(() -> writeCounts.getOrDefault(new WriteKey(code, operation), 0L));
    }

    /**
     * Creates cards with new sequential ids, all or none.
     *
     * @throws SandboxValidationException when an item lacks code or barcode, or a barcode is taken
     */
    public List<EcomCard> create(List<EcomCardChanges> items) {
        return create(items, false);
    }

    /**
     * Creates cards as {@link #create(List)} does; with {@code duplicatesAccepted} (a real vendor's way, fault
     * {@code duplicates-accepted}) a barcode already taken is not refused: the repeated create makes a second card.
     */
    public List<EcomCard> create(List<EcomCardChanges> items, boolean duplicatesAccepted) {
        return lock.writing(() -> {
            List<Change> changes = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                changes.add(new Change(i, null, EcomCard.blank(nextId + i).with(items.get(i))));
            }
            apply(changes, CREATE, duplicatesAccepted);
            nextId += items.size();
            return changes.stream().map(Change::after).toList();
        });
    }

    /**
     * Updates one card with the fields given (a single PUT); empty when there is no card with that id.
     *
     * @throws SandboxValidationException when the barcode is taken by another card
     */
    public Optional<EcomCard> update(long id, EcomCardChanges item) {
        return lock.writing(() -> {
            EcomCard before = cardsById.get(id);
            if (before == null) {
                return Optional.empty();
            }
            Change change = new Change(null, before, before.with(item));
            apply(List.of(change), UPDATE, false);
            return Optional.of(change.after());
        });
    }

    /**
     * Updates the cards the items address by id, all or none.
     *
     * @throws SandboxValidationException when an id is missing, unknown or repeated, or a barcode is taken
     */
    public List<EcomCard> updateAll(List<EcomCardChanges> items) {
        return lock.writing(() -> {
            List<SandboxProblem> problems = new ArrayList<>();
            Map<Long, Integer> indexById = new HashMap<>();
            List<Change> changes = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                Long id = items.get(i).id();
                EcomCard before = id == null ? null : cardsById.get(id);
                Integer earlier = id == null ? null : indexById.putIfAbsent(id, i);
                if (id == null) {
                    problems.add(new SandboxProblem(i, "id", "is required"));
                } else if (before == null) {
                    problems.add(new SandboxProblem(i, "id", "no discount card with id " + id));
                } else if (earlier != null) {
                    problems.add(new SandboxProblem(i, "id", "card " + id + " is already updated by item " + earlier));
                } else {
                    changes.add(new Change(i, before, before.with(items.get(i))));
                }
            }
            if (!problems.isEmpty()) {
                throw new SandboxValidationException("invalid discount cards", problems);
            }
            apply(changes, UPDATE, false);
            return changes.stream().map(Change::after).toList();
        });
    }

    /** Checks the batch as a whole (barcodes may move between its cards), then applies it. Needs the write lock. */
    private void apply(List<Change> changes, String operation, boolean duplicatesAccepted) {
        List<SandboxProblem> problems = new ArrayList<>();
        Map<Long, EcomCard> afterById = new HashMap<>();
        changes.forEach(change -> afterById.put(change.after().id(), change.after()));
        Map<String, Change> claimedBarcodes = new HashMap<>();
        for (Change change : changes) {
            EcomCard after = change.after();
            if (after.code() == null) {
                problems.add(new SandboxProblem(change.index(), "code", "is required"));
            }
            if (after.barcode() == null) {
                problems.add(new SandboxProblem(change.index(), "barcode", "is required"));
                continue;
            }
            if (duplicatesAccepted) {
                continue;
            }
            Change claimant = claimedBarcodes.putIfAbsent(after.barcode(), change);
            if (claimant != null) {
                problems.add(new SandboxProblem(change.index(), "barcode",
                        "barcode \"" + after.barcode() + "\" is also given by item " + claimant.index() + " of this request"));
            }
            Long owner = idByBarcode.get(after.barcode());
            EcomCard ownerAfter = owner == null ? null : afterById.get(owner);
            boolean releasedInBatch = ownerAfter != null && !after.barcode().equals(ownerAfter.barcode());
            if (owner != null && owner != after.id() && !releasedInBatch) {
                problems.add(new SandboxProblem(change.index(), "barcode",
                        "barcode \"" + after.barcode() + "\" already belongs to card " + owner));
            }
        }
        if (!problems.isEmpty()) {
            throw new SandboxValidationException("invalid discount cards", problems);
        }
        // Unindex every old value first, so that values swapped inside the batch land on their new cards.
        changes.stream().map(Change::before).filter(before -> before != null).forEach(this::unindex);
        for (Change change : changes) {
            EcomCard after = change.after();
            BigDecimal lost = change.before() == null ? null : accruedSinceRead.remove(after.id());
            BigDecimal listed = change.before() == null ? null : listedSinceRead.remove(after.id());
            if (lost != null && !java.util.Objects.equals(change.before().accumulatedAmount(), after.accumulatedAmount())) {
                accruals = new Accruals(accruals.count(), accruals.amount(), accruals.overwritten() + 1, accruals.overwrittenAmount().add(lost),
                        accruals.listed() + (listed == null ? 0 : 1), listed == null ? accruals.listedAmount() : accruals.listedAmount().add(listed));
            }
            index(after);
            journal.add(new Write(operation, after.id(), after.code()));
            writeCounts.merge(new WriteKey(after.code(), operation), 1L, Long::sum);
        }
    }

    private void index(EcomCard card) {
        cardsById.put(card.id(), card);
        idByBarcode.put(card.barcode(), card.id());
        idsByCode.computeIfAbsent(card.code(), code -> new TreeSet<>()).add(card.id());
    }

    private void unindex(EcomCard card) {
        idByBarcode.remove(card.barcode());
        NavigableSet<Long> ids = idsByCode.get(card.code());
        ids.remove(card.id());
        if (ids.isEmpty()) {
            idsByCode.remove(card.code());
        }
    }
}
