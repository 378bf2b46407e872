package org.loyaltyhub.sandbox.ecom;

import org.loyaltyhub.sandbox.faults.SandboxFaultFilter;
import org.loyaltyhub.sandbox.SandboxProblem;
import org.loyaltyhub.sandbox.SandboxRequests;
import org.loyaltyhub.sandbox.SandboxValidationException;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.loyaltyhub.sandbox.ecom.EcomCardChanges.Shape;
import org.loyaltyhub.sandbox.ecom.EcomField.Spelling;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ecom discount-card API ({@code shared/contracts/ecom.openapi.yaml}) under {@code /sandbox/ecom}, as the vendor
 * document shows it and as {@code NOTES.md} beside this class reads what it leaves open. Answers are spelled as the
 * document's are: snake_case, except bulk-create's, whose items take the document's two other spellings in turn
 * ({@link EcomField.Spelling}). Requests must use the snake_case keys. Request bodies are read as text so that
 * malformed JSON is answered like any other contract violation.
 */
@RestController
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public class EcomSandboxController {

    static final String CARDS = "/sandbox/ecom/external/discount-card/";

    private final EcomCardStore store;
    private final ObjectMapper mapper;
    private final ObjectReader reader;

    public EcomSandboxController(EcomCardStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The whole list, written card by card: the simulator shares the hub's JVM in the local default, and a list of
     * 100,000 cards built as one tree before it is written would need more heap than the hub itself.
     */
    @GetMapping(path = CARDS, produces = MediaType.APPLICATION_JSON_VALUE)
    public void list(HttpServletResponse response) throws IOException {
        List<EcomCard> cards = store.readAll();
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try (JsonGenerator out = mapper.getFactory().createGenerator(response.getOutputStream())) {
            out.writeStartArray();
            for (EcomCard card : cards) {
                mapper.writeTree(out, render(card, Spelling.SNAKE_CASE));
            }
            out.writeEndArray();
        }
    }

    @GetMapping(path = CARDS + "{id}/", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> get(@PathVariable long id) {
        return store.read(id).<ResponseEntity<JsonNode>>map(card -> ResponseEntity.ok(render(card, Spelling.SNAKE_CASE)))
                .orElseGet(() -> SandboxRequests.notFound("discount card", id));
    }

    /** A full update: {@code code} and {@code barcode} are required; other fields absent from the body are kept. */
    @PutMapping(path = CARDS + "{id}/", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> update(@PathVariable long id, @RequestBody(required = false) String body) {
        List<SandboxProblem> problems = new ArrayList<>();
        EcomCardChanges changes = EcomCardChanges.read(SandboxRequests.readJson(reader, body), null, Shape.SINGLE_PUT, problems).orElse(null);
        if (changes != null && changes.id() != null && changes.id() != id) {
            problems.add(new SandboxProblem(null, "id", "is " + changes.id() + " in the body but " + id + " in the path"));
        }
        if (!problems.isEmpty()) {
            throw new SandboxValidationException("invalid discount card", problems);
        }
        return store.update(id, changes).<ResponseEntity<JsonNode>>map(card -> ResponseEntity.ok(render(card, Spelling.SNAKE_CASE)))
                .orElseGet(() -> SandboxRequests.notFound("discount card", id));
    }

    /** Creates every item or none, with ids the sandbox assigns; answered in the document's bulk-create spellings. */
    @PostMapping(path = CARDS + "bulk-create/", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ArrayNode bulkCreate(@RequestBody(required = false) String body, HttpServletRequest request) {
        List<EcomCard> created = store.create(readItems(body, Shape.NEW_CARD), SandboxFaultFilter.duplicatesAccepted(request));
        ArrayNode answer = JsonNodeFactory.instance.arrayNode(created.size());
        for (int i = 0; i < created.size(); i++) {
            answer.add(render(created.get(i), Spelling.ofBulkCreated(i)));
        }
        return answer;
    }

    /** Updates every item or none: each item carries its card's {@code id} and the fields to change. */
    @PutMapping(path = CARDS + "bulk-update/", produces = MediaType.APPLICATION_JSON_VALUE)
    public ArrayNode bulkUpdate(@RequestBody(required = false) String body) {
        ArrayNode answer = JsonNodeFactory.instance.arrayNode();
        store.updateAll(readItems(body, Shape.BULK_UPDATE_ITEM)).forEach(card -> answer.add(render(card, Spelling.SNAKE_CASE)));
        return answer;
    }

    /**
     * Not the vendor's API: what ecom's own checkout does when an order earns a card an amount, {@code {"amount": "0.37"}}
     * added in one step. Tests drive ecom-side changes with it.
     */
    @PostMapping(path = "/sandbox/ecom/_accrue/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> accrue(@PathVariable long id, @RequestBody(required = false) String body) {
        JsonNode amount = SandboxRequests.readJson(reader, body).path("amount");
        if (!amount.isTextual() || !amount.asText().matches("-?[0-9]+\\.[0-9]{2}")) {
            throw new SandboxValidationException("amount must be a decimal string with two decimals");
        }
        return store.accrue(id, new BigDecimal(amount.asText()))
                .<ResponseEntity<JsonNode>>map(card -> ResponseEntity.ok(render(card, Spelling.SNAKE_CASE)))
                .orElseGet(() -> SandboxRequests.notFound("discount card", id));
    }

    /** Not the vendor's API: the accruals so far and how many a write overwrote ({@link EcomCardStore.Accruals}). */
    @GetMapping(path = "/sandbox/ecom/_accruals", produces = MediaType.APPLICATION_JSON_VALUE)
    public EcomCardStore.Accruals accruals() {
        return store.accruals();
    }

    @ExceptionHandler(SandboxValidationException.class)
    ResponseEntity<Map<String, Object>> refuse(SandboxValidationException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(e.body());
    }

    private List<EcomCardChanges> readItems(String body, Shape shape) {
        JsonNode json = SandboxRequests.readJson(reader, body);
        if (!json.isArray() || json.isEmpty()) {
            throw new SandboxValidationException("the body must be a JSON array of at least one discount card");
        }
        List<SandboxProblem> problems = new ArrayList<>();
        List<EcomCardChanges> items = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            EcomCardChanges.read(json.get(i), i, shape, problems).ifPresent(items::add);
        }
        if (!problems.isEmpty()) {
            throw new SandboxValidationException("invalid discount cards", problems);
        }
        return items;
    }


    /** A card in the documented key order and the given spelling; user_id and legal_entity_name are written even when null. */
    static ObjectNode render(EcomCard card, Spelling spelling) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("id", card.id());
        for (EcomField field : EcomField.values()) {
            Object value = card.value(field);
            String key = field.key(spelling);
            if (value == null) {
                if (field.writtenWhenNull()) {
                    json.putNull(key);
                }
            } else if (value instanceof Long number) {
                json.put(key, number);
            } else if (value instanceof Boolean flag) {
                json.put(key, flag);
            } else if (value instanceof BigDecimal money) {
                json.put(key, money.toPlainString()); // a string, as the contract says
            } else {
                json.put(key, value.toString()); // String, LocalDate (ISO YYYY-MM-DD)
            }
        }
        return json;
    }
}
