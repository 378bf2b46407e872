package org.loyaltyhub.sandbox.codes;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import org.loyaltyhub.sandbox.SandboxLock;
import org.loyaltyhub.sandbox.SandboxProblem;
import org.loyaltyhub.sandbox.SandboxValidationException;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The discount codes of the codes sandbox, in memory. Thread-safe (one read-write lock). A {@code Code}, when set,
 * belongs to one discount code (exact, case-sensitive match; NOTES.md says why) and is indexed. Ids are assigned in
 * sequence and never reused, as a database would.
 */
@Component
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public class CodesDiscountCodeStore {

    /** One page of a list: the codes of the page and how many match the query in all. */
    public record Page(List<CodesDiscountCode> items, int totalItemsCount) {
    }

    private final SandboxLock lock = new SandboxLock();
    private final NavigableMap<Long, CodesDiscountCode> codesById = new TreeMap<>();
    private final Map<String, Long> idByCode = new HashMap<>();
    private long nextId;

    public CodesDiscountCodeStore() {
        reset();
    }

    /** Back to the seeded codes (ids 1 to 3), next id 4. */
    public void reset() {
        lock.writing(() -> {
            codesById.clear();
            idByCode.clear();
            CodesDiscountCode.seeds().forEach(this::index);
            nextId = codesById.lastKey() + 1;
            return null;
        });
    }

    /** Removes every code (the seeds too), for tests that need an exact population. */
    public void clear() {
        lock.writing(() -> {
            codesById.clear();
            idByCode.clear();
            return null;
        });
    }

    public int size() {
        return lock.reading(codesById::size);
    }

    public Optional<CodesDiscountCode> find(long id) {
        return lock.reading(() -> Optional.ofNullable(codesById.get(id)));
    }

    public Optional<CodesDiscountCode> findByCode(String code) {
        return lock.reading(() -> Optional.ofNullable(idByCode.get(code)).map(codesById::get));
    }

    /** The page the query asks for: ordered by its property, codes without it first, ties by Id ascending. */
    public Page list(CodesListQuery query) {
        return lock.reading(() -> {
            Comparator<CodesEntry> order = Comparator.<CodesEntry, JsonNode>comparing(entry -> entry.json().get(query.orderBy()),
                    CodesDiscountCodeStore::compare).thenComparingLong(entry -> entry.code().id());
            List<CodesDiscountCode> page = codesById.values().stream()
                    .map(code -> new CodesEntry(code, code.render()))
                    .sorted(order)
                    .skip(query.offset()).limit(query.limit())
                    .map(CodesEntry::code).toList();
            return new Page(page, codesById.size());
        });
    }

    /**
     * Creates the code with the next id.
     *
     * @throws SandboxValidationException when its Code is taken
     */
    public CodesDiscountCode create(CodesDiscountCode code) {
        return create(code, false);
    }

    /**
     * Creates the code as {@link #create(CodesDiscountCode)} does; with {@code duplicatesAccepted} (a real vendor's
     * way, fault {@code duplicates-accepted}) a Code already taken is not refused: the repeated create makes a second
     * discount code with it.
     */
    public CodesDiscountCode create(CodesDiscountCode code, boolean duplicatesAccepted) {
        return lock.writing(() -> {
            if (!duplicatesAccepted) {
                requireFreeCode(code.code(), null);
            }
            CodesDiscountCode created = code.withId(nextId++);
            index(created);
            return created;
        });
    }

    /**
     * Replaces the code with this id by the one given (a full update); empty when there is none.
     *
     * @throws SandboxValidationException when the new Code belongs to another code
     */
    public Optional<CodesDiscountCode> replace(long id, CodesDiscountCode code) {
        return lock.writing(() -> {
            CodesDiscountCode before = codesById.get(id);
            if (before == null) {
                return Optional.empty();
            }
            requireFreeCode(code.code(), id);
            unindexCode(before);
            CodesDiscountCode after = code.withId(id);
            index(after);
            return Optional.of(after);
        });
    }

    /** Deletes the code; false when there is none with this id. */
    public boolean delete(long id) {
        return lock.writing(() -> {
            CodesDiscountCode removed = codesById.remove(id);
            if (removed != null) {
                unindexCode(removed);
            }
            return removed != null;
        });
    }

    private record CodesEntry(CodesDiscountCode code, ObjectNode json) {
    }

    private void requireFreeCode(String code, Long ownId) {
        Long owner = code == null ? null : idByCode.get(code);
        if (owner != null && !owner.equals(ownId)) {
            throw new SandboxValidationException("invalid discount code",
                    List.of(new SandboxProblem(null, "Code", "\"" + code + "\" already belongs to discount code " + owner)));
        }
    }

    private void index(CodesDiscountCode code) {
        codesById.put(code.id(), code);
        if (code.code() != null) {
            idByCode.put(code.code(), code.id());
        }
    }

    private void unindexCode(CodesDiscountCode code) {
        if (code.code() != null) {
            idByCode.remove(code.code());
        }
    }

    /** Not set first, then numbers numerically, booleans false before true, strings by character. */
    private static int compare(JsonNode a, JsonNode b) {
        boolean aUnset = a == null || a.isNull();
        boolean bUnset = b == null || b.isNull();
        if (aUnset || bUnset) {
            return Boolean.compare(!aUnset, !bUnset);
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isBoolean() && b.isBoolean()) {
            return Boolean.compare(a.booleanValue(), b.booleanValue());
        }
        return a.asText().compareTo(b.asText());
    }
}
