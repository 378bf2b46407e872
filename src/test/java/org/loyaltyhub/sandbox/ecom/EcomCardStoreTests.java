package org.loyaltyhub.sandbox.ecom;

import org.loyaltyhub.sandbox.SandboxProblem;
import org.loyaltyhub.sandbox.SandboxValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.loyaltyhub.sandbox.ecom.EcomCardStore.Write;

/** The ecom sandbox's store: seed, journal, all-or-nothing batches, concurrency and size. */
class EcomCardStoreTests {

    private final EcomCardStore store = new EcomCardStore();

    @Test
    void startsWithTheDocumentExampleAndAnEmptyJournal() {
        assertThat(store.all()).containsExactly(EcomCard.DOCUMENT_EXAMPLE);
        assertThat(store.findByCode("1234567890123")).contains(EcomCard.DOCUMENT_EXAMPLE);
        assertThat(EcomCard.DOCUMENT_EXAMPLE.accumulatedAmount()).isEqualByComparingTo(new BigDecimal("5166.00"));
        assertThat(store.journal()).isEmpty();
        assertThat(store.create(List.of(card("c", "b")))).extracting(EcomCard::id).containsExactly(2L);
    }

    @Test
    void resetRestoresTheSeedTheJournalAndTheIds() {
        store.create(List.of(card("c1", "b1"), card("c2", "b2")));
        store.update(1, card("changed", "b0"));

        store.reset();

        assertThat(store.all()).containsExactly(EcomCard.DOCUMENT_EXAMPLE);
        assertThat(store.journal()).isEmpty();
        assertThat(store.writesFor("c1", EcomCardStore.CREATE)).isZero();
        assertThat(store.findByCode("c1")).isEmpty();
        assertThat(store.create(List.of(card("c3", "b1")))).extracting(EcomCard::id).containsExactly(2L);
    }

    @Test
    void journalRecordsEveryAppliedWriteWithTheCodeItLeft() {
        store.create(List.of(card("c1", "b1"), card("c2", "b2")));
        store.update(2, card("c1-renamed", "b1"));
        store.updateAll(List.of(partial(3, Map.of(EcomField.FIRST_NAME, "Ann"))));

        assertThat(store.journal()).containsExactly(new Write("create", 2, "c1"), new Write("create", 3, "c2"),
                new Write("update", 2, "c1-renamed"), new Write("update", 3, "c2"));
        assertThat(store.writesFor("c1", EcomCardStore.CREATE)).isEqualTo(1);
        assertThat(store.writesFor("c1", EcomCardStore.UPDATE)).isZero();
        assertThat(store.writesFor("c1-renamed", EcomCardStore.UPDATE)).isEqualTo(1);
        assertThat(store.writesFor("c2", EcomCardStore.UPDATE)).isEqualTo(1);
        assertThat(store.findByCode("c1")).isEmpty();
        assertThat(store.find(3)).map(EcomCard::firstName).contains("Ann");
    }

    @Test
    void cardsSharingACodeAreAllFound() {
        store.create(List.of(card("shared", "b1"), card("other", "b2"), card("shared", "b3")));
        assertThat(store.findByCode("shared")).map(EcomCard::id).contains(2L);
        assertThat(store.findAllByCode("shared")).extracting(EcomCard::id).containsExactly(2L, 4L);
        assertThat(store.writesFor("shared", EcomCardStore.CREATE)).isEqualTo(2);
    }

    @Test
    void refusedBatchChangesNothing() {
        assertThatThrownBy(() -> store.create(List.of(card("c1", "b1"), card("c2", "b1"))))
                .isInstanceOf(SandboxValidationException.class);
        assertThatThrownBy(() -> store.updateAll(List.of(partial(1, Map.of(EcomField.CODE, "x")), partial(1, Map.of()))))
                .isInstanceOf(SandboxValidationException.class)
                .satisfies(e -> assertThat(((SandboxValidationException) e).details())
                        .containsExactly(new SandboxProblem(1, "id", "card 1 is already updated by item 0")));

        assertThat(store.all()).containsExactly(EcomCard.DOCUMENT_EXAMPLE);
        assertThat(store.journal()).isEmpty();
    }

    @Test
    void cardWithoutCodeOrBarcodeIsRefusedEvenWhenBuiltInCode() {
        assertThatThrownBy(() -> store.create(List.of(new EcomCardChanges(null, Map.of(EcomField.CODE, "c")))))
                .isInstanceOf(SandboxValidationException.class);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void barcodeFreedByAnUpdateCanBeReused() {
        store.update(1, card("1234567890123", "new-barcode"));
        store.create(List.of(card("c", "123456789012378476234768")));
        assertThat(store.size()).isEqualTo(2);
        assertThatThrownBy(() -> store.create(List.of(card("d", "new-barcode"))))
                .isInstanceOf(SandboxValidationException.class);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a per-item scan would need ~10^10 steps here
    void holdsOneHundredThousandCards() {
        for (int batch = 0; batch < 100; batch++) {
            int first = batch * 1000;
            store.create(IntStream.range(first, first + 1000).mapToObj(i -> card("code-" + i, "barcode-" + i)).toList());
        }
        List<EcomCardChanges> updates = IntStream.range(0, 1000)
                .mapToObj(i -> partial(2 + i * 100, Map.of(EcomField.ACCUMULATED_AMOUNT, new BigDecimal("1.00")))).toList();
        store.updateAll(updates);

        assertThat(store.size()).isEqualTo(100_001);
        assertThat(store.all()).hasSize(100_001).last().extracting(EcomCard::id).isEqualTo(100_001L);
        assertThat(store.findByCode("code-99999")).map(EcomCard::id).contains(100_001L);
        assertThat(store.writesFor("code-500", EcomCardStore.UPDATE)).isEqualTo(1);
        assertThat(store.journal()).hasSize(101_000);
        assertThatThrownBy(() -> store.create(List.of(card("late", "barcode-54321"))))
                .isInstanceOf(SandboxValidationException.class);
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        int writers = 8;
        int cardsPerWriter = 500;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < cardsPerWriter; i++) {
                        store.create(List.of(card("w" + writer + "-" + i, "w" + writer + "-" + i)));
                        store.all(); // readers interleave with writers
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.size()).isEqualTo(1 + writers * cardsPerWriter);
        assertThat(store.all()).extracting(EcomCard::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 1 + writers * cardsPerWriter).mapToObj(i -> (long) i).toList());
        assertThat(store.journal()).hasSize(writers * cardsPerWriter);
        assertThat(store.writesFor("w3-499", EcomCardStore.CREATE)).isEqualTo(1);
    }

    @Test
    void accrualsAWriteOverwroteAreCountedAndThoseAListReadShowedFirstApart() {
        BigDecimal accrual = new BigDecimal("0.37");
        // read by id, then ecom's own accrual, then a write of another amount: overwritten inside the writer's window
        store.read(1);
        store.accrue(1, accrual);
        store.updateAll(List.of(partial(1, Map.of(EcomField.ACCUMULATED_AMOUNT, new BigDecimal("5170.00")))));
        assertAccruals(1, "0.37", 1, "0.37", 0, "0");

        // the same, but the whole list was read (a poll) after the accrual: overwritten, and listed first
        store.read(1);
        store.accrue(1, accrual);
        store.readAll();
        store.updateAll(List.of(partial(1, Map.of(EcomField.ACCUMULATED_AMOUNT, new BigDecimal("5171.00")))));
        assertAccruals(2, "0.74", 2, "0.74", 1, "0.37");

        // read by id after the accrual: the writer had it, nothing overwritten; nor by a write leaving the amount
        store.accrue(1, accrual);
        store.read(1);
        store.updateAll(List.of(partial(1, Map.of(EcomField.ACCUMULATED_AMOUNT, new BigDecimal("5172.00")))));
        store.accrue(1, accrual);
        store.updateAll(List.of(partial(1, Map.of(EcomField.FIRST_NAME, "Ann"))));
        assertAccruals(4, "1.48", 2, "0.74", 1, "0.37");
        assertThat(store.find(1).orElseThrow().accumulatedAmount()).isEqualByComparingTo("5172.37");
    }

    private void assertAccruals(long count, String amount, long overwritten, String overwrittenAmount, long listed, String listedAmount) {
        EcomCardStore.Accruals accruals = store.accruals();
        assertThat(accruals.count()).isEqualTo(count);
        assertThat(accruals.amount()).isEqualByComparingTo(amount);
        assertThat(accruals.overwritten()).isEqualTo(overwritten);
        assertThat(accruals.overwrittenAmount()).isEqualByComparingTo(overwrittenAmount);
        assertThat(accruals.listed()).isEqualTo(listed);
        assertThat(accruals.listedAmount()).isEqualByComparingTo(listedAmount);
    }

    private static EcomCardChanges card(String code, String barcode) {
        return new EcomCardChanges(null, Map.of(EcomField.CODE, code, EcomField.BARCODE, barcode));
    }

    private static EcomCardChanges partial(long id, Map<EcomField, Object> values) {
        return new EcomCardChanges(id, values);
    }
}
