package org.loyaltyhub.sandbox.codes;

import org.loyaltyhub.sandbox.faults.SandboxFaultFilter;
import org.loyaltyhub.sandbox.SandboxRequests;
import org.loyaltyhub.sandbox.SandboxValidationException;

import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The discount codes admin API ({@code shared/vendor-apis/codes-discount-code-admin.txt}, contract
 * {@code shared/contracts/codes.openapi.yaml}) under {@code /sandbox/codes}. The list is a GET whose optional JSON
 * body is the query ({@link CodesListQuery}). Create answers 201, delete 204 (the document's "Status 204"), an
 * unknown id 404, and a request that breaks the contract 400 with {@code {"error", "details": [{"field",
 * "message"}]}} (the vendor documents no error bodies). Bodies are read as text, with floats as
 * {@link java.math.BigDecimal}, so no amount passes through a double. NOTES.md gives every reading.
 */
@RestController
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public class CodesSandboxController {

    static final String DISCOUNT_CODES = "/sandbox/codes/api/v2/admin/discount-codes";

    private final CodesDiscountCodeStore store;
    private final ObjectReader reader;

    public CodesSandboxController(CodesDiscountCodeStore store, ObjectMapper mapper) {
        this.store = store;
        this.reader = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(JsonNodeFactory.withExactBigDecimals(true)); // 10.50 stays 10.50
    }

    /** The list; no body (or an empty one) is the default query: everything by Id, Offset 0, Limit 100. */
    @GetMapping(path = DISCOUNT_CODES, produces = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode list(@RequestBody(required = false) String body) {
        CodesListQuery query = CodesListQuery.read(body == null || body.isBlank() ? null : SandboxRequests.readJson(reader, body));
        CodesDiscountCodeStore.Page page = store.list(query);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        page.items().forEach(code -> answer.withArray("Items").add(code.render()));
        answer.withArray("Items"); // present when empty too
        answer.put("TotalItemsCount", page.totalItemsCount());
        return answer;
    }

    @PostMapping(path = DISCOUNT_CODES, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> create(@RequestBody(required = false) String body, HttpServletRequest request) {
        CodesDiscountCode created = store.create(CodesDiscountCode.read(SandboxRequests.readJson(reader, body)),
                SandboxFaultFilter.duplicatesAccepted(request));
        return ResponseEntity.status(HttpStatus.CREATED).body(created.render());
    }

    @GetMapping(path = DISCOUNT_CODES + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> get(@PathVariable long id) {
        return store.find(id).<ResponseEntity<JsonNode>>map(code -> ResponseEntity.ok(code.render()))
                .orElseGet(() -> SandboxRequests.notFound("discount code", id));
    }

    /** A full update: properties the body leaves out are not set afterwards; an {@code Id} in the body is ignored. */
    @PutMapping(path = DISCOUNT_CODES + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> update(@PathVariable long id, @RequestBody(required = false) String body) {
        CodesDiscountCode code = CodesDiscountCode.read(SandboxRequests.readJson(reader, body));
        return store.replace(id, code).<ResponseEntity<JsonNode>>map(updated -> ResponseEntity.ok(updated.render()))
                .orElseGet(() -> SandboxRequests.notFound("discount code", id));
    }

    @DeleteMapping(path = DISCOUNT_CODES + "/{id}")
    public ResponseEntity<JsonNode> delete(@PathVariable long id) {
        return store.delete(id) ? ResponseEntity.noContent().build() : SandboxRequests.notFound("discount code", id);
    }

    @ExceptionHandler(SandboxValidationException.class)
    ResponseEntity<Map<String, Object>> refuse(SandboxValidationException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(e.body());
    }
}
