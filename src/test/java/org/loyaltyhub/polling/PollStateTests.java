package org.loyaltyhub.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Paging a list that changes while it is read, against a list answered the way the codes vendor answers:
 * ordered by Id, {"Items": [...], "TotalItemsCount": n} at an offset and a limit.
 */
class PollStateTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The vendor's list; ids only grow. */
    private final TreeSet<Integer> list = new TreeSet<>();

    @Test
    void readsEveryItemOnceWhenTheTotalExceedsTheLimit() {
        IntStream.rangeClosed(1, 250).forEach(list::add);
        Poll poll = poll(100, "Id", false, page -> { });
        assertThat(poll.taken).containsExactlyElementsOf(IntStream.rangeClosed(1, 250).boxed().toList());
        assertThat(poll.pages).isEqualTo(3);
    }

    @Test
    void noItemSlipsPastWhenItemsBeforeTheNextPageAreDeleted() {
        IntStream.rangeClosed(1, 250).forEach(list::add);
        // after the first page, six codes it already returned are deleted: offsets shift by six
        Poll poll = poll(100, "Id", false, page -> {
            if (page == 1) {
                IntStream.rangeClosed(5, 10).forEach(list::remove);
            }
        });
        // offsets alone would have skipped the six codes that moved onto the first page
        assertThat(poll.taken).containsExactlyElementsOf(IntStream.rangeClosed(1, 250).boxed().toList());
    }

    @Test
    void itemsDeletedRightAtThePageBoundaryAndAddedAtTheEndAreHandled() {
        IntStream.rangeClosed(1, 250).forEach(list::add);
        Poll poll = poll(100, "Id", false, page -> {
            if (page == 1) {
                list.remove(100); // the overlap item itself
                list.remove(101);
                list.add(251);
            }
            if (page == 2) {
                IntStream.rangeClosed(1, 150).forEach(list::remove); // a mass deletion, reaching past the reader
            }
        });
        // every code still listed at the end is taken, once; the deleted ones that were never read are not
        assertThat(poll.taken).doesNotHaveDuplicates().containsAll(IntStream.rangeClosed(151, 251).boxed().toList())
                .noneMatch(id -> id >= 102 && id <= 150);
    }

    @Test
    void withoutAnItemKeyPagesFollowOffsetsAndStopAtTheTotal() {
        IntStream.rangeClosed(1, 200).forEach(list::add);
        Poll poll = poll(100, null, false, page -> { });
        assertThat(poll.taken).hasSize(200);
        // a full last page ends the list at the total, without asking for an empty page
        assertThat(poll.pages).isEqualTo(2);
    }

    @Test
    void aListWithoutPagesIsReadOnceHoweverLongItIs() {
        IntStream.rangeClosed(1, 250).forEach(list::add);
        // ecom's list: no page request, the whole list in one answer (here longer than the page limit)
        PollState state = new PollState("ecom", "card", null, false, 100, OffsetDateTime.now());
        state.wholeList();
        PollState.PageItems items = state.page(new JsonItems(answer(0, 1000), JSON, "$.Items[*]", "$.TotalItemsCount"));
        List<Integer> taken = new ArrayList<>();
        items.forEachRemaining(item -> taken.add(read(item)));
        state.pageRead();
        assertThat(taken).hasSize(250);
        assertThat(state.more).isFalse();
    }

    @Test
    void collectsTheIdsItSawForDeleteDetection() {
        IntStream.rangeClosed(1, 5).forEach(list::add);
        Poll poll = poll(2, "Id", true, page -> { });
        assertThat(poll.state.seen).containsExactlyInAnyOrder("1", "2", "3", "4", "5");
    }

    @Test
    void deleteDetectionNeedsAnItemKey() {
        assertThatThrownBy(() -> new PollState("codes", "promotion", null, true, 100, OffsetDateTime.now()))
                .hasMessageContaining("detectDeletes needs itemKey");
    }

    @Test
    void anAnswerWithoutItsListOrItsTotalIsAFailedPollNotAnEmptyList() {
        for (String nonsense : List.of("{}", "{\"TotalItemsCount\": 0}", "{\"Items\": []}", "[]", "{\"items\": [], \"TotalItemsCount\": 0}")) {
            PollState state = new PollState("codes", "promotion", "Id", true, 100, OffsetDateTime.now());
            state.page(new JsonItems(body(nonsense), JSON, "$.Items[*]", "$.TotalItemsCount")).forEachRemaining(item -> { });
            assertThatThrownBy(state::pageRead).as(nonsense).hasMessageContaining("the poll failed");
        }
        PollState wholeList = new PollState("ecom", "card", null, false, 100, OffsetDateTime.now());
        wholeList.wholeList();
        wholeList.page(new JsonItems(body("{}"), JSON, "$[*]", "")).forEachRemaining(item -> { });
        assertThatThrownBy(wholeList::pageRead).hasMessageContaining("no items at $[*]");
    }

    @Test
    void aTotalThatContradictsItsPageIsAFailedPoll() {
        // more items than the total says, and a short page that ends before the total
        for (String contradiction : List.of("{\"Items\": [{\"Id\": 1}, {\"Id\": 2}], \"TotalItemsCount\": 1}",
                "{\"Items\": [{\"Id\": 1}], \"TotalItemsCount\": 40}")) {
            PollState state = new PollState("codes", "promotion", "Id", true, 100, OffsetDateTime.now());
            state.page(new JsonItems(body(contradiction), JSON, "$.Items[*]", "$.TotalItemsCount")).forEachRemaining(item -> { });
            assertThatThrownBy(state::pageRead).as(contradiction).hasMessageContaining("the vendor's total is");
        }
        PollState empty = new PollState("codes", "promotion", "Id", true, 100, OffsetDateTime.now());
        empty.page(new JsonItems(body("{\"Items\": [], \"TotalItemsCount\": 0}"), JSON, "$.Items[*]", "$.TotalItemsCount"))
                .forEachRemaining(item -> { });
        empty.pageRead();
        assertThat(empty.more).as("a list that says it is empty, and is, is a complete poll").isFalse();
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private record Poll(PollState state, List<Integer> taken, int pages) {
    }

    private Poll poll(int limit, String itemKey, boolean detectDeletes, IntConsumer afterPage) {
        PollState state = new PollState("codes", "promotion", itemKey, detectDeletes, limit, OffsetDateTime.now());
        List<Integer> taken = new ArrayList<>();
        int pages = 0;
        while (state.more) {
            pages++;
            PollState.PageItems items = state.page(new JsonItems(answer(state.offset, limit), JSON, "$.Items[*]", "$.TotalItemsCount"));
            items.forEachRemaining(item -> taken.add(read(item)));
            afterPage.accept(pages);
            state.pageRead();
            assertThat(pages).as("the poll ends").isLessThan(100);
        }
        return new Poll(state, taken, pages);
    }

    /** One page, with the total after the items (a streaming reader must still find it). */
    private ByteArrayInputStream answer(int offset, int limit) {
        String items = list.stream().skip(offset).limit(limit).map(id -> "{\"Id\":" + id + ",\"Code\":\"C" + id + "\"}")
                .collect(Collectors.joining(","));
        String body = "{\"Items\":[" + items + "],\"TotalItemsCount\":" + list.size() + "}";
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    private static int read(String item) {
        try {
            return JSON.readTree(item).path("Id").asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
