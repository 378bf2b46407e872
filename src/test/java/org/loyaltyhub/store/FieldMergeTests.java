package org.loyaltyhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.store.FieldMerge.Kind;
import org.loyaltyhub.store.FieldRules.EntityRules;
import org.loyaltyhub.store.FieldRules.Mode;
import org.loyaltyhub.store.FieldRules.Rule;

/** {@link FieldMerge}: each rule of fields.yaml, as plain logic. */
class FieldMergeTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-01-01T10:00:00Z");

    private static final EntityRules CARD = new EntityRules(new Rule("", Mode.LAST_WRITER_WINS, Set.of(), "test"), Map.of(
            "holder", new Rule("holder", Mode.OWNER, Set.of("ecom"), "test"),
            "accumulated.amount", new Rule("accumulated.amount", Mode.COUNTER, Set.of("ecom", "spi"), "test")));

    private static final String STORED = """
            {"number": "1", "program": "standard", "holder": {"firstName": "Jane", "lastName": "Smith"},
             "accumulated": {"amount": "100.00", "currency": "MDL"}, "refs": {"ecom": "7"}}""";

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static FieldMerge.Result merge(String system, String incoming, Map<String, FieldMerge.Seen> seen,
            Map<String, OffsetDateTime> times, OffsetDateTime at) {
        return FieldMerge.merge(CARD, "number", system, tree(STORED), tree(incoming), seen, times, at, at);
    }

    @Test
    void theOwnersChangeIsTaken() {
        FieldMerge.Result result = merge("ecom", "{\"number\": \"1\", \"holder\": {\"lastName\": \"Brown\"}}", Map.of(), Map.of(), T0);

        assertThat(result.merged().path("holder")).isEqualTo(tree("{\"firstName\": \"Jane\", \"lastName\": \"Brown\"}"));
        assertThat(result.conflicts()).isEmpty();
    }

    @Test
    void anotherSystemsChangeOfAnOwnedFieldIsRefusedAndSaidSo() {
        FieldMerge.Result result = merge("crm", "{\"number\": \"1\", \"holder\": {\"lastName\": \"Brown\", \"email\": \"j@example.com\"}}",
                Map.of(), Map.of(), T0);

        assertThat(result.merged().path("holder").path("lastName").asText()).isEqualTo("Smith");
        assertThat(result.conflicts()).containsExactly(new FieldMerge.Conflict("holder.lastName", Kind.NOT_OWNER, "Brown", "Smith"));
        // a field the hub holds no value of yet is a gap, not a change: taken from anyone
        assertThat(result.merged().path("holder").path("email").asText()).isEqualTo("j@example.com");
    }

    @Test
    void lastWriterWinsByTheChangesTime() {
        Map<String, OffsetDateTime> times = Map.of("program", T0);

        FieldMerge.Result later = merge("crm", "{\"number\": \"1\", \"program\": \"gold\"}", Map.of(), times, T0.plusSeconds(1));
        assertThat(later.merged().path("program").asText()).isEqualTo("gold");
        assertThat(later.times()).containsEntry("program", T0.plusSeconds(1));

        FieldMerge.Result earlier = merge("crm", "{\"number\": \"1\", \"program\": \"gold\"}", Map.of(), times, T0.minusSeconds(1));
        assertThat(earlier.merged().path("program").asText()).isEqualTo("standard");
        assertThat(earlier.conflicts()).extracting(FieldMerge.Conflict::kind).containsExactly(Kind.OLDER_CHANGE);
    }

    @Test
    void aCounterMovesByTheDifferenceFromWhatTheHubLastSawFromThatSource() {
        // ecom held 90.00 when last read; the hub has 100.00 since (a 10.00 sale at the till); ecom now shows 95.00
        FieldMerge.Result result = merge("ecom", "{\"number\": \"1\", \"accumulated\": {\"amount\": \"95.00\"}}",
                Map.of("accumulated.amount", new FieldMerge.Seen(new BigDecimal("90.00"), T0)), Map.of(), T0.plusSeconds(5));

        assertThat(result.merged().path("accumulated").path("amount").asText()).isEqualTo("105.00");
        assertThat(result.seen()).containsEntry("accumulated.amount", new BigDecimal("95.00"));
        assertThat(result.conflicts()).containsExactly(new FieldMerge.Conflict("accumulated.amount", Kind.COUNTER_MERGED, "95.00", "105.00"));
        assertThat(result.sourceBehind()).as("ecom must be sent 105.00").isTrue();
    }

    @Test
    void aCounterReadBeforeTheHubsLastWriteIsNotNews() {
        // the hub wrote 105.00 to ecom at T0+10s; a poll asked at T0+5s still shows 95.00
        FieldMerge.Result result = merge("ecom", "{\"number\": \"1\", \"accumulated\": {\"amount\": \"95.00\"}}",
                Map.of("accumulated.amount", new FieldMerge.Seen(new BigDecimal("105.00"), T0.plusSeconds(10))), Map.of(), T0.plusSeconds(5));

        assertThat(result.merged().path("accumulated").path("amount").asText()).isEqualTo("100.00");
        assertThat(result.seen()).isEmpty();
        assertThat(result.staleCounter()).isTrue();
        assertThat(result.conflicts()).isEmpty();
    }

    @Test
    void aReadingShowingExactlyWhatAWriteUnderWaySendsIsThatWriteNotAChange() {
        // ecom showed 90.00 when read before the write; the hub holds 100.00 (a 10.00 sale) and is writing it to ecom;
        // a poll asked after that read already shows 100.00: the write landed, its answer not yet recorded
        Map<String, FieldMerge.Seen> writing = Map.of("accumulated.amount",
                new FieldMerge.Seen(new BigDecimal("90.00"), T0, new BigDecimal("100.00")));
        FieldMerge.Result landed = merge("ecom", "{\"number\": \"1\", \"accumulated\": {\"amount\": \"100.00\"}}", writing, Map.of(),
                T0.plusSeconds(1));

        assertThat(landed.merged().path("accumulated").path("amount").asText()).as("the sale counted once").isEqualTo("100.00");
        assertThat(landed.seen()).containsEntry("accumulated.amount", new BigDecimal("100.00"));
        assertThat(landed.landed()).containsExactly("accumulated.amount");
        assertThat(landed.conflicts()).isEmpty();

        // a figure other than the one being written is read against the reading before the write, as any
        FieldMerge.Result before = merge("ecom", "{\"number\": \"1\", \"accumulated\": {\"amount\": \"92.00\"}}", writing, Map.of(),
                T0.plusSeconds(1));
        assertThat(before.merged().path("accumulated").path("amount").asText()).isEqualTo("102.00");
        assertThat(before.landed()).isEmpty();
    }

    @Test
    void aSourceNeverReadIsTakenToHoldTheHubsValue() {
        FieldMerge.Result result = merge("ecom", "{\"number\": \"1\", \"accumulated\": {\"amount\": \"100.50\"}}", Map.of(), Map.of(), T0);

        assertThat(result.merged().path("accumulated").path("amount").asText()).isEqualTo("100.50");
        assertThat(result.conflicts()).isEmpty();
    }

    @Test
    void aSystemThatIsNotACounterSourceCannotMoveIt() {
        FieldMerge.Result result = merge("wallet", "{\"number\": \"1\", \"accumulated\": {\"amount\": \"250.00\"}}", Map.of(), Map.of(), T0);

        assertThat(result.merged().path("accumulated").path("amount").asText()).isEqualTo("100.00");
        assertThat(result.conflicts()).extracting(FieldMerge.Conflict::kind).containsExactly(Kind.NOT_A_COUNTER_SOURCE);
    }

    @Test
    void refsAndTheKeyAreNotSubjectToRules() {
        FieldMerge.Result result = merge("crm", "{\"number\": \"1\", \"refs\": {\"crm\": \"C-1\"}}", Map.of(), Map.of(), T0);

        assertThat(result.merged().path("refs")).isEqualTo(tree("{\"ecom\": \"7\", \"crm\": \"C-1\"}"));
        assertThat(result.conflicts()).isEmpty();
    }

    @Test
    void deltasAreExactDecimals() {
        assertThat(FieldMerge.add(tree("\"5166.00\""), new BigDecimal("0.10"))).isEqualTo("5166.10");
        assertThat(FieldMerge.add(tree("\"0.10\""), new BigDecimal("0.20"))).isEqualTo("0.30");
        assertThat(FieldMerge.add(null, new BigDecimal("-1.23"))).isEqualTo("-1.23");
    }
}
