package org.loyaltyhub.polling;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where one poll of a list is: the next page's offset, the last item key taken, and what the poll has seen.
 * <p>
 * Paging by offset alone is only as good as a list that does not change while it is read: a deletion
 * before the next page moves an unread item back onto a page already read. With an item key (the property
 * the list is ordered by, ascending) each page starts one item before the end of the last one. The first
 * item of a page must then be one already taken; when it is not, items were removed in front of the page,
 * and the poll steps back a page. Items at or below the last key are never taken again.
 */
final class PollState {

    /** More steps back than this in one poll means the list is being emptied while it is read: give up. */
    private static final int MOST_STEPS_BACK = 50;

    final String system;
    final String entity;
    final String itemKey;
    final boolean detectDeletes;
    final int limit;
    final OffsetDateTime started;
    /** Item keys seen in this poll, as the strings cross references keep (only with detectDeletes). */
    final Set<String> seen = new HashSet<>();

    int offset;
    int page = 1;
    boolean more = true;
    /** Items the answers listed in this poll, pages' overlaps counted again: 0 when the vendor listed nothing. */
    int listed;
    /** The vendor answers its whole list at once (no page request): one answer is the whole poll. */
    private boolean wholeList;
    private JsonNode lastKey;
    private int stepsBack;
    private JsonItems items;
    private PageItems current;

    PollState(String system, String entity, String itemKey, boolean detectDeletes, int limit, OffsetDateTime started) {
        this.system = system;
        this.entity = entity;
        this.itemKey = itemKey == null || itemKey.isBlank() ? null : itemKey;
        this.detectDeletes = detectDeletes;
        this.limit = limit;
        this.started = started;
        if (detectDeletes && this.itemKey == null) {
            throw new IllegalArgumentException(system + " " + entity + " poll: detectDeletes needs itemKey, the id the list gives each item");
        }
    }

    /** Marks a list without pages: its first answer ends the poll, however many items it had. */
    void wholeList() {
        wholeList = true;
    }

    /** The items of the page just answered that are new to this poll, read lazily from the answer. */
    PageItems page(JsonItems answer) {
        this.items = answer;
        this.current = new PageItems(answer);
        return current;
    }

    /** The page was read: decides the next one, or the end of the list. */
    void pageRead() {
        PageItems taken = current;
        items.finish();
        items.requireList();
        listed += taken.count;
        if (wholeList) {
            more = false;
            return;
        }
        Long total = items.total();
        if (taken.gap) {
            if (++stepsBack > MOST_STEPS_BACK) {
                throw new IllegalStateException(system + " " + entity + " poll: the list keeps shrinking in front of the page being read");
            }
            offset = Math.max(0, offset - limit);
            page = offset / Math.max(1, limit) + 1;
            return;
        }
        int read = taken.count;
        boolean shortPage = read < limit;
        boolean pastTotal = total != null && offset + read >= total;
        // the vendor's total and its page must agree: an answer that contradicts itself is no ground for deletions
        if (total != null && (offset + read > total || (shortPage && offset + read < total))) {
            throw new IllegalStateException(system + " " + entity + " poll: the page at offset " + offset + " has " + read
                    + " items but the vendor's total is " + total + ": the poll failed, nothing taken as deleted");
        }
        if (read == 0 || shortPage || pastTotal) {
            more = false;
            return;
        }
        // with a key the next page starts at the last item read, to prove nothing slipped in between
        offset += itemKey != null && taken.fresh > 0 ? read - 1 : read;
        page++;
    }

    /** The page's items in chunks of at most {@code size}, each chunk taken in by one database transaction. */
    static java.util.Iterator<List<String>> chunks(java.util.Iterator<String> items, int size) {
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public List<String> next() {
                List<String> chunk = new java.util.ArrayList<>(size);
                while (chunk.size() < size && items.hasNext()) {
                    chunk.add(items.next());
                }
                if (chunk.isEmpty()) {
                    throw new java.util.NoSuchElementException();
                }
                return chunk;
            }
        };
    }

    /** One page's items: only those past the last key taken; notes a gap in front of the page. */
    final class PageItems implements java.util.Iterator<String> {

        private final JsonItems answer;
        private JsonNode next;
        int count;
        int fresh;
        boolean gap;

        PageItems(JsonItems answer) {
            this.answer = answer;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !gap && answer.hasNext()) {
                JsonNode item = answer.next();
                count++;
                JsonNode key = itemKey == null ? null : item.get(itemKey);
                if (key != null && !key.isNull() && detectDeletes) {
                    seen.add(key.asText());
                }
                if (key == null || key.isNull() || lastKey == null) {
                    lastKey = key == null || key.isNull() ? lastKey : key;
                    fresh++;
                    next = item;
                } else if (compare(key, lastKey) > 0) {
                    if (count == 1 && offset > 0) {
                        // the page should have started with an item already taken: something before it went away
                        gap = true;
                        return false;
                    }
                    lastKey = key;
                    fresh++;
                    next = item;
                }
            }
            return next != null;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            String item = next.toString();
            next = null;
            return item;
        }
    }

    /** Numbers by value, anything else by its text. */
    static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText()));
        }
        return a.asText().compareTo(b.asText());
    }
}
