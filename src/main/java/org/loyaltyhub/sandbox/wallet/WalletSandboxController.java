package org.loyaltyhub.sandbox.wallet;

import org.loyaltyhub.sandbox.faults.SandboxFaultFilter;
import org.loyaltyhub.sandbox.SandboxProperties;
import org.loyaltyhub.sandbox.SandboxRequests;
import org.loyaltyhub.sandbox.SandboxValidationException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
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
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The wallet-card loyalty platform's API v2 ({@code shared/contracts/wallet.openapi.yaml}) under
 * {@code /sandbox/wallet}: customers, cards, every card operation of the vendor text, the operation history and the
 * seeded templates ({@link WalletStore}). Companies, pushes, tariffs, SMS and the contract's set-expiration-date /
 * set-membership-tier are not simulated (404). What the contract leaves open, and the reading taken, is in
 * {@code NOTES.md} beside this class; the points below are its numbers.
 * <p>
 * Every call needs the API key ({@code hub.sandbox.wallet.api-key}) in {@code X-API-Key} (header names are
 * case-insensitive, so {@code X-Api-Key} works too); the key is compared in constant time and never logged or
 * echoed. Successes answer the contract's envelope {@code {code, createdAt, data, responseId}} ({@code code}
 * repeats the HTTP status, {@code responseId} is a fresh UUID); lists add {@code meta {currentPage, itemsPerPage,
 * totalItems}} and page as {@link WalletPaging} says (30 items unless asked otherwise). Create answers 201, delete
 * 200 with {@code data.id}.
 * <p>
 * The contract leaves error statuses open (401, 404 and "4XX"); every refusal is its {@code Error} object
 * {@code {code, message, details?}}, {@code details} naming each offending field. Checked in this order:
 * <ol>
 * <li>401: the key is missing or wrong (the contract's assumption).</li>
 * <li>400: the body cannot be read as JSON (malformed, or missing where the contract requires one): the request is
 * not a request at all.</li>
 * <li>422: the body or a query parameter reads but breaks the contract or the sandbox's reading of it (a required
 * field missing, a string where a number belongs, {@code 10.5} where the contract says integer, a quantity of 0, a
 * property the body does not have, a customer PATCH whose {@code id} is not the path's). 422 rather than 400 because
 * the syntax is fine and the content is wrong, which is also how the contract's mock (Prism) answers invalid
 * requests.</li>
 * <li>404: the path names a customer, card or template the sandbox does not have, or a path it does not simulate.
 * An id named in a body ({@code customerId}/{@code templateId} when issuing a card) is not the addressed resource:
 * a missing one is 422.</li>
 * <li>422: the card refuses the operation: the vendor text does not apply it to the card's type and mechanics
 * (the message names the operation, the card type and what the operation does apply to), a subtraction would go
 * below zero, the coupon is already redeemed, the reward cannot be received. The request is valid; the card's
 * state is what forbids it, and there is no clash to resolve (not 409).</li>
 * <li>409: a customer's {@code externalUserId} is already taken by another customer (the contract: "Client code in
 * the wild reports 409 when the customer already exists").</li>
 * </ol>
 * Bodies are read as text, with floats as {@link java.math.BigDecimal}, and answers are written with plain decimals,
 * so no amount passes through a double.
 */
@RestController
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public class WalletSandboxController {

    static final String API = "/sandbox/wallet/api/v2";
    static final String API_KEY_HEADER = "X-API-Key";

    private static final String CUSTOMERS = API + "/customers";
    private static final String CARDS = API + "/cards";
    private static final String TEMPLATES = API + "/templates";
    private static final String OPERATIONS = API + "/operations";

    private final WalletStore store;
    private final byte[] apiKey;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    public WalletSandboxController(WalletStore store, SandboxProperties properties, ObjectMapper mapper) {
        this.store = store;
        this.apiKey = properties.wallet().apiKey().getBytes(StandardCharsets.UTF_8);
        this.reader = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(JsonNodeFactory.withExactBigDecimals(true)); // 10.50 stays 10.50
        this.writer = mapper.writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    /** Runs before every handler of this controller: no call gets past it without the key. */
    @ModelAttribute
    void authorize(@RequestHeader(name = API_KEY_HEADER, required = false) String key) {
        if (key == null || key.isEmpty()) {
            throw WalletRefusal.unauthorized("the " + API_KEY_HEADER + " header is required");
        }
        if (!MessageDigest.isEqual(apiKey, key.getBytes(StandardCharsets.UTF_8))) {
            throw WalletRefusal.unauthorized("the " + API_KEY_HEADER + " header does not hold a valid API key");
        }
    }

    // ---- customers

    @GetMapping(CUSTOMERS)
    public ResponseEntity<String> listCustomers(@RequestParam(required = false) String page,
            @RequestParam(required = false) String itemsPerPage, @RequestParam(required = false) String email,
            @RequestParam(required = false) String phone) {
        WalletQuery query = new WalletQuery();
        WalletPaging paging = WalletPaging.read(query, page, itemsPerPage);
        String emailFilter = query.text(email);
        String phoneFilter = query.text(phone);
        query.finish();
        return list(paging, store.customers(emailFilter, phoneFilter), WalletCustomer::render);
    }

    @PostMapping(CUSTOMERS)
    public ResponseEntity<String> createCustomer(@RequestBody(required = false) String body, HttpServletRequest request) {
        WalletCustomerFields fields = WalletCustomerFields.readCreate(requiredJson(body));
        return answer(HttpStatus.CREATED, store.createCustomer(fields, SandboxFaultFilter.duplicatesAccepted(request)).render());
    }

    @GetMapping(CUSTOMERS + "/{id}")
    public ResponseEntity<String> getCustomer(@PathVariable String id) {
        return answer(HttpStatus.OK, store.findCustomer(id).orElseThrow(() -> noCustomer(id)).render());
    }

    /** Changes the fields the body names ({@code CustomerUpdateInput}); the body's {@code id} must be the path's. */
    @PatchMapping(CUSTOMERS + "/{id}")
    public ResponseEntity<String> updateCustomer(@PathVariable String id, @RequestBody(required = false) String body) {
        WalletCustomerFields fields = WalletCustomerFields.readUpdate(requiredJson(body), id);
        return answer(HttpStatus.OK, store.updateCustomer(id, fields).orElseThrow(() -> noCustomer(id)).render());
    }

    /** Deletes the customer and their cards (see {@link WalletStore}). */
    @DeleteMapping(CUSTOMERS + "/{id}")
    public ResponseEntity<String> deleteCustomer(@PathVariable String id) {
        if (!store.deleteCustomer(id)) {
            throw noCustomer(id);
        }
        return answer(HttpStatus.OK, WalletJson.object().put("id", id));
    }

    // ---- cards

    @GetMapping(CARDS)
    public ResponseEntity<String> listCards(@RequestParam(required = false) String page,
            @RequestParam(required = false) String itemsPerPage, @RequestParam(required = false) String customerEmail,
            @RequestParam(required = false) String customerId, @RequestParam(required = false) String customerPhone,
            @RequestParam(required = false) String templateId) {
        WalletQuery query = new WalletQuery();
        WalletPaging paging = WalletPaging.read(query, page, itemsPerPage);
        WalletStore.CardFilter filter = new WalletStore.CardFilter(query.text(customerEmail), query.text(customerId),
                query.text(customerPhone), query.integer("templateId", templateId));
        query.finish();
        return list(paging, store.cards(filter), view -> view.render(true));
    }

    /** Issues a card of {@code templateId} for {@code customerId}; both must exist (422 otherwise, see above). */
    @PostMapping(CARDS)
    public ResponseEntity<String> issueCard(@RequestBody(required = false) String body) {
        WalletCard.Request request = WalletCard.readCreate(requiredJson(body));
        return answer(HttpStatus.CREATED, store.issueCard(request).render(false));
    }

    @GetMapping(CARDS + "/{id}")
    public ResponseEntity<String> getCard(@PathVariable String id) {
        return answer(HttpStatus.OK, store.findCardView(id).orElseThrow(() -> noCard(id)).render(false));
    }

    /** Sets custom field values; the body is optional in the contract, and none changes nothing. */
    @PatchMapping(CARDS + "/{id}")
    public ResponseEntity<String> updateCard(@PathVariable String id, @RequestBody(required = false) String body) {
        var customFields = WalletCard.readUpdate(optionalJson(body));
        return answer(HttpStatus.OK, store.updateCard(id, customFields).orElseThrow(() -> noCard(id)).render(false));
    }

    @DeleteMapping(CARDS + "/{id}")
    public ResponseEntity<String> deleteCard(@PathVariable String id) {
        if (!store.deleteCard(id)) {
            throw noCard(id);
        }
        return answer(HttpStatus.OK, WalletJson.object().put("id", id));
    }

    /** Every operation of {@link WalletCardOperation}; answers the updated card. */
    @PostMapping(CARDS + "/{id}/{operation}")
    public ResponseEntity<String> operate(@PathVariable String id, @PathVariable String operation,
            @RequestBody(required = false) String body, HttpServletRequest request) {
        WalletCardOperation kind = WalletCardOperation.byPath(operation).orElseThrow(() -> notSimulated(request));
        WalletOperationInput input = kind.read(kind.field() == null ? optionalJson(body) : requiredJson(body));
        WalletStore.Applied applied = store.operate(id, kind, input).orElseThrow(() -> noCard(id));
        return answer(HttpStatus.OK, applied.card().render(false));
    }

    // ---- operations and templates

    @GetMapping(OPERATIONS)
    public ResponseEntity<String> listOperations(@RequestParam(required = false) String page,
            @RequestParam(required = false) String itemsPerPage, @RequestParam(required = false) String cardId,
            @RequestParam(required = false) String customerId, @RequestParam(required = false) String templateId,
            @RequestParam(required = false) String startDate, @RequestParam(required = false) String endDate) {
        WalletQuery query = new WalletQuery();
        WalletPaging paging = WalletPaging.read(query, page, itemsPerPage);
        WalletStore.OperationFilter filter = new WalletStore.OperationFilter(query.text(cardId), query.text(customerId),
                query.integer("templateId", templateId), query.date("startDate", startDate), query.date("endDate", endDate));
        if (filter.startDate() != null && filter.endDate() != null && filter.startDate().isAfter(filter.endDate())) {
            query.problem("endDate", "must not be before startDate (" + filter.startDate() + "), was " + filter.endDate());
        }
        query.finish();
        return list(paging, store.operations(filter), WalletOperation::render);
    }

    @GetMapping(TEMPLATES)
    public ResponseEntity<String> listTemplates(@RequestParam(required = false) String page,
            @RequestParam(required = false) String itemsPerPage) {
        WalletQuery query = new WalletQuery();
        WalletPaging paging = WalletPaging.read(query, page, itemsPerPage);
        query.finish();
        return list(paging, store.templates(), WalletTemplate::render);
    }

    /** A template id that is not a number names no template: 404, like any unknown id. */
    @GetMapping(TEMPLATES + "/{id}")
    public ResponseEntity<String> getTemplate(@PathVariable String id) {
        WalletTemplate template = parseLong(id).flatMap(store::findTemplate)
                .orElseThrow(() -> WalletRefusal.notFound("no template with id " + id));
        return answer(HttpStatus.OK, template.render());
    }

    /** Anything else under the API (companies, pushes, tariffs, SMS, other card operations): not simulated. */
    @RequestMapping(API + "/**")
    public ResponseEntity<String> notSimulatedPath(HttpServletRequest request) {
        throw notSimulated(request);
    }

    @ExceptionHandler(WalletRefusal.class)
    ResponseEntity<String> refuse(WalletRefusal refusal) {
        return ResponseEntity.status(refusal.status()).contentType(MediaType.APPLICATION_JSON).body(write(refusal.body()));
    }

    // ---- helpers

    private ResponseEntity<String> answer(HttpStatus status, JsonNode data) {
        ObjectNode envelope = envelope(status);
        envelope.set("data", data);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(write(envelope));
    }

    private <T> ResponseEntity<String> list(WalletPaging paging, List<T> all, Function<T, ObjectNode> render) {
        ObjectNode envelope = envelope(HttpStatus.OK);
        envelope.putArray("data").addAll(paging.slice(all).stream().map(render).toList());
        envelope.set("meta", paging.meta(all.size()));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(write(envelope));
    }

    private ObjectNode envelope(HttpStatus status) {
        ObjectNode envelope = WalletJson.object().put("code", status.value()).put("createdAt", WalletJson.time(store.now()));
        envelope.put("responseId", UUID.randomUUID().toString());
        return envelope;
    }

    private String write(JsonNode json) {
        try {
            return writer.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // a tree always writes
        }
    }

    /** The body as JSON; a missing or unreadable one is 400. */
    private JsonNode requiredJson(String body) {
        try {
            return SandboxRequests.readJson(reader, body);
        } catch (SandboxValidationException e) {
            throw WalletRefusal.malformed(e.getMessage());
        }
    }

    /** The body as JSON, or null when there is none; an unreadable one is 400. */
    private JsonNode optionalJson(String body) {
        return body == null || body.isBlank() ? null : requiredJson(body);
    }

    private static Optional<Long> parseLong(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static WalletRefusal noCustomer(String id) {
        return WalletRefusal.notFound("no customer with id " + id);
    }

    private static WalletRefusal noCard(String id) {
        return WalletRefusal.notFound("no card with id " + id);
    }

    private static WalletRefusal notSimulated(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return WalletRefusal.notFound("the sandbox does not simulate " + request.getMethod() + " "
                + path.substring(path.indexOf("/api/v2")));
    }
}
