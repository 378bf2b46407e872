package org.loyaltyhub.delivery;

import org.loyaltyhub.exchange.DeliveryItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.loyaltyhub.canonical.CanonicalSchemas;
import org.loyaltyhub.events.CloudEvent;
import org.loyaltyhub.formats.BodyFormat;
import org.loyaltyhub.formats.MalformedBodyException;
import org.loyaltyhub.mapping.MappingEngine;
import org.loyaltyhub.mapping.MappingStep;
import org.loyaltyhub.operations.OperationPlans;
import org.loyaltyhub.reliability.ErrorPolicy;
import org.loyaltyhub.reliability.OutcomeUnknownException;
import org.loyaltyhub.reliability.VendorRejectedException;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.store.CrossReferences;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of one vendor call, made by an {@code http-call} route, whose parameters it reads once, typed, from the
 * route itself ({@link VendorCall}):
 * <ol>
 * <li>{@link #request}: decide what to do from the event and the cross references (create, update, delete,
 * or nothing), map the canonical entity to the vendor's body in its format, and set the call's method,
 * path and headers;</li>
 * <li>the route's HTTP call; {@link #missing} turns a 404 on an update into a create (when asked to) and a
 * 404 on a delete into success;</li>
 * <li>{@link #answered}: check the vendor's answer for a refusal in its own terms, and read it back: the ids
 * it gave into the cross references, its content into change detection.</li>
 * </ol>
 * The body going in is the canonical entity; the body coming out is the same entity with the ids the call
 * taught the hub, so that the next call of a chain builds on it.
 */
@Component("vendorCalls")
public class VendorCalls {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(VendorCalls.class);

    /** What a call does, decided by {@link #request}. */
    enum Operation { CREATE, UPDATE, DELETE, SKIP, LOOKUP }

    static final String OPERATION = "hubCallOperation";
    static final String CANONICAL = "hubCallCanonical";
    static final String TARGET_ID = "hubCallTargetId";
    static final String SKIP = "hubCallSkip";
    static final String AGAIN = "hubCallAgain";
    static final String MISSING_IS_FINE = "hubCallMissingIsFine";
    /** The key under which this attempt's create is marked unconfirmed (its outcome unknown until answered). */
    static final String MARKED = "hubCallMarked";
    /** The canonical entity the call starts from (set by the route as it begins); a retried round starts from it. */
    static final String INPUT = "hubCallInput";
    /** A lookup's: the unconfirmed create's key, and the body the create would send (the lookup match's $request). */
    static final String LOOKING_FOR = "hubCallLookingFor";
    static final String WOULD_SEND = "hubCallWouldSend";
    /** A lookup's next page: the query parameters its match asked for ({@code {"next": {...}}}), added to the lookup's own. */
    static final String LOOKUP_NEXT = "hubCallLookupNext";

    /** Each http-call route's call, read from the route once; a route removed (a reload) takes its call with it. */
    private final Map<Route, VendorCall> calls = Collections.synchronizedMap(new WeakHashMap<>());

    private final CrossReferences crossReferences;
    private final CanonicalStore store;
    private final UnconfirmedCreates unconfirmedCreates;
    private final CurrentStates currentStates;
    private final MappingEngine mappings;
    private final MappingStep mappingStep;
    private final CanonicalSchemas schemas;
    private final OperationPlans plans;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;

    public VendorCalls(CrossReferences crossReferences, CanonicalStore store, UnconfirmedCreates unconfirmedCreates, CurrentStates currentStates,
            MappingEngine mappings,
            MappingStep mappingStep, CanonicalSchemas schemas, OperationPlans plans, TransactionTemplate transaction, ObjectMapper json) {
        this.crossReferences = crossReferences;
        this.store = store;
        this.unconfirmedCreates = unconfirmedCreates;
        this.currentStates = currentStates;
        this.mappings = mappings;
        this.mappingStep = mappingStep;
        this.schemas = schemas;
        this.plans = plans;
        this.transaction = transaction;
        this.json = json;
    }

    /** The call of the route the exchange is in: an http-call route, made from the template's parameters. */
    VendorCall callOf(Exchange exchange) {
        Route route = exchange.getUnitOfWork().getRoute();
        return calls.computeIfAbsent(route, made -> {
            RouteDefinition definition = ((ModelCamelContext) made.getCamelContext()).getRouteDefinition(made.getRouteId());
            if (definition == null || definition.getTemplateParameters() == null) {
                throw new IllegalStateException("route " + made.getRouteId() + " is not made from the http-call template");
            }
            return VendorCall.of(definition.getTemplateParameters(), made.getCamelContext()::resolvePropertyPlaceholders);
        });
    }

    /** Prepares the call for the canonical entity in the body. */
    public void request(Exchange exchange) {
        VendorCall call = callOf(exchange);
        exchange.setVariable(AGAIN, "false");
        exchange.removeVariable(MARKED);
        plans.forget(exchange);
        Object input = exchange.getVariable(INPUT);
        JsonNode canonical = mappings.readTree(call.mapping(), input != null ? input : bodyOf(exchange));
        String key = CanonicalStore.keeps(call.entity()) ? CanonicalStore.keyOf(call.entity(), canonical) : null;
        String eventType = eventType(exchange);
        Long version = CurrentStates.versionOf(eventHeader(exchange, DeliveryItem.VERSION, CloudEvent.HEADER_ENTITY_VERSION));
        // the event's own entity only: a related one (the card of a transaction) is read from the store already
        if (key != null && version != null && eventType != null && eventType.endsWith("." + call.entity() + ".upserted")) {
            JsonNode current = currentStates.newer(call.system(), call.entity(), Map.of(key, version), deadLetterOf(exchange, key))
                    .get(key);
            if (current != null) {
                canonical = withRefsOf(current, canonical); // the refs earlier calls of this delivery learnt stay
            }
        }
        JsonNode known = key != null ? crossReferences.withRef(canonical, call.entity(), call.refName()) : canonical;
        String targetId = known.path("refs").path(call.refName()).asText(null);
        Operation operation = decide(call, eventType, targetId);

        JsonNode toSend = known;
        if (operation != Operation.SKIP && !call.plan().isEmpty()) {
            toSend = plans.plan(call.plan(), call.system(), eventOf(exchange, known), known, exchange, !call.lookupPath().isEmpty())
                    .orElse(null);
            if (toSend == null) {
                operation = Operation.SKIP; // the table says this event does nothing at the target
            }
        }
        exchange.setVariable(OPERATION, operation.name());
        exchange.setVariable(CANONICAL, known);
        exchange.setVariable(TARGET_ID, targetId);
        exchange.setVariable(SKIP, operation == Operation.SKIP);
        // the route's doCatch takes a 404 only where it means "the target has no such entity" and that is fine
        exchange.setVariable(MISSING_IS_FINE, operation == Operation.DELETE || operation == Operation.UPDATE && call.recreateWhenMissing());
        if (operation == Operation.SKIP) {
            return;
        }
        // a planned operation creates nothing of its entity (the card it is sent to exists): the operation ledger, not
        // a create mark, records that it left
        String createKey = operation == Operation.CREATE && call.plan().isEmpty() ? (key != null ? key : eventId(exchange)) : null;
        boolean lookFirst = createKey != null && settleEarlierCreate(call, createKey, exchange);

        String body = null;
        JsonNode vendorBody = null;
        if (operation != Operation.DELETE) {
            exchange.getMessage().setBody(toSend);
            mappingStep.apply(call.mapping(), exchange);
            vendorBody = exchange.getMessage().getBody(JsonNode.class);
            body = call.format().write(vendorBody, call.xmlRoot());
        }
        if (lookFirst) {
            lookUp(call, createKey, "create for " + createKey, vendorBody, targetId, exchange);
            return;
        }
        if (plans.readBackFirst(exchange)) {
            lookUp(call, null, "operation for " + plans.transactionOf(exchange), vendorBody, targetId, exchange);
            return;
        }
        String path = switch (operation) {
            case UPDATE -> call.updatePath();
            case DELETE -> call.deletePath();
            default -> call.path();
        };
        if (path.contains("{ref}") && targetId == null) {
            // an earlier call of the same delivery gives it (a card before its operations): retried until it does
            throw new IllegalStateException(call.system() + " has no id of this " + call.entity() + " yet (refs." + call.refName() + ")");
        }
        path = path.replace("{ref}", targetId == null ? "" : URLEncoder.encode(targetId, StandardCharsets.UTF_8));
        if (path.contains("{operation}")) {
            path = path.replace("{operation}", plans.pathOf(call.plan(), toSend));
        }

        onlyTheCallsOwnHeaders(exchange);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, switch (operation) {
            case UPDATE -> call.updateMethod();
            case DELETE -> call.deleteMethod();
            default -> call.method();
        });
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, path);
        exchange.getMessage().setHeader("Accept", call.format().mediaType());
        if (body != null) {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, call.format().mediaType());
        }
        exchange.getMessage().setBody(body);
        // last, as the call leaves: a call that failed before it is never recorded as sent
        if (createKey != null) {
            unconfirmedCreates.sending(call.system(), call.createdEntity(), List.of(createKey));
            exchange.setVariable(MARKED, createKey);
        }
        plans.sending(exchange);
    }

    /**
     * Instead of the call: reads the vendor's list for what the unconfirmed create (or the operation sent without an
     * answer) was for ({@code lookupPath}, filtered by the fields {@code lookupBy} names, taken from the body the call
     * would send and the path's id), page by page as the match asks; {@link #answered} settles the call by what it finds.
     */
    private void lookUp(VendorCall call, String createKey, String what, JsonNode vendorBody, String targetId, Exchange exchange) {
        String query = lookupQuery(call.lookupBy(), vendorBody, targetId);
        if (query == null) {
            throw new OutcomeUnknownException("the " + call.system() + " " + call.entity() + " " + what
                    + " was sent and its outcome is unknown, and the call has none of " + call.lookupBy() + " to look it up by: check at "
                    + call.system() + " whether it took effect; replay this dead letter only if it did not");
        }
        String next = exchange.getVariable(LOOKUP_NEXT, String.class);
        if (next != null) {
            query = query + "&" + next;
        }
        exchange.setVariable(OPERATION, Operation.LOOKUP.name());
        exchange.setVariable(LOOKING_FOR, createKey);
        exchange.setVariable(WOULD_SEND, vendorBody);
        exchange.setVariable(MISSING_IS_FINE, false);
        onlyTheCallsOwnHeaders(exchange);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, call.lookupPath());
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query);
        exchange.getMessage().setHeader("Accept", BodyFormat.JSON.mediaType());
        exchange.getMessage().setBody(null);
    }

    /** The vendor gets no Kafka or CloudEvent headers, only the call's own; a retried round keeps Camel's count. */
    private static void onlyTheCallsOwnHeaders(Exchange exchange) {
        exchange.getMessage().removeHeaders("*", "hub*", Exchange.REDELIVERY_COUNTER, Exchange.REDELIVERY_MAX_COUNTER, Exchange.REDELIVERED);
    }

    /**
     * The query of a lookup: {@code lookupBy} lists alternatives separated by {@code |}, each a comma-separated list of
     * top-level fields of the vendor body, sent as query parameters of the same name ({@code name={ref}}: the id of the
     * path's {@code {ref}} as parameter {@code name}); the first alternative whose fields all have a value is used. Null
     * when none has.
     */
    static String lookupQuery(String lookupBy, JsonNode vendorBody, String targetId) {
        for (String alternative : lookupBy.split("\\|")) {
            StringBuilder query = new StringBuilder();
            boolean complete = true;
            for (String field : alternative.split(",")) {
                String name = field.trim();
                String value;
                if (name.endsWith("={ref}")) {
                    name = name.substring(0, name.length() - "={ref}".length());
                    value = targetId;
                } else {
                    JsonNode node = vendorBody == null ? null : vendorBody.get(name);
                    value = node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
                }
                if (value == null || value.isEmpty()) {
                    complete = false;
                    break;
                }
                query.append(query.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
            if (complete && !alternative.isBlank()) {
                return query.toString();
            }
        }
        return null;
    }

    /**
     * A lookup's answer: the entity the unconfirmed create was for, as {@code lookupMatch} picks it out of the list
     * (shaped as the create's answer), becomes what the hub knows the vendor holds, and the round goes again as an
     * update (or nothing, for a create-only call); none found means the create never took effect, and it is sent. An
     * operation sent without an answer, found, is recorded as applied; not found, it is sent. A match that asks for
     * the list's next page has it read before anything is decided.
     */
    private void lookedUp(VendorCall call, JsonNode canonical, Exchange exchange) {
        String createKey = exchange.getVariable(LOOKING_FOR, String.class);
        JsonNode answer = answerOf(call, exchange);
        JsonNode found;
        try {
            found = answer == null ? null : mappings.apply(call.lookupMatch(), answer, Map.of(), null,
                    Map.of("request", exchange.getVariable(WOULD_SEND, JsonNode.class)));
        } catch (org.loyaltyhub.mapping.MappingException unreadable) {
            throw new UnreadableLookup(call.system() + " answered the lookup of an unconfirmed " + call.refName()
                    + " call with something that is not its list (" + unreadable.getMessage() + "); asking again");
        }
        exchange.setVariable(INPUT, canonical);
        exchange.setVariable(AGAIN, "true");
        if (found != null && found.path("next").isObject()) {
            exchange.setVariable(LOOKUP_NEXT, queryOf(found.get("next")));
            return;
        }
        exchange.removeVariable(LOOKUP_NEXT);
        boolean exists = found != null && found.isObject() && !found.isEmpty();
        if (createKey == null) {
            plans.readBack(exchange, exists);
            log.info("{}: the {} operation sent without an answer was looked up: {}", call.system(), call.entity(),
                    exists ? "it was applied, so it is not sent again" : "it was not applied, so it is sent");
            return;
        }
        JsonNode learnt = exists ? canonicalOf(call.answerMapping(), found, canonical) : null;
        transaction.executeWithoutResult(status -> {
            if (learnt != null) {
                store.recordDelivered(call.system(), call.entity(), learnt);
            }
            unconfirmedCreates.clear(call.system(), call.createdEntity(), List.of(createKey));
        });
        log.info("{}: the unconfirmed {} create for the {} was looked up: {}", call.system(), call.refName(), call.entity(),
                exists ? "it took effect, so it is not sent again" : "it did not take effect, so it is sent");
        exchange.setVariable(INPUT, learnt == null ? canonical : withRefsOf(canonical, learnt));
    }

    /** A match's {@code next}: its fields as query parameters. */
    private static String queryOf(JsonNode next) {
        StringBuilder query = new StringBuilder();
        next.fields().forEachRemaining(field -> query.append(query.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(field.getValue().asText(), StandardCharsets.UTF_8)));
        return query.toString();
    }

    /**
     * The call failed (the route's catch): where the vendor certainly did not take it, its marks go, so that a
     * retry sends it again; otherwise they stay, and the retry finds out first. The failure goes on to the error
     * policy unchanged.
     */
    public void callFailed(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (ErrorPolicy.neverApplied(failure)) {
            notTaken(callOf(exchange), exchange);
        } else if (exchange.getVariable(MARKED, String.class) != null) {
            // only a poll that starts after this failure tells whether the vendor applied the create
            VendorCall call = callOf(exchange);
            unconfirmedCreates.failed(call.system(), call.createdEntity(), List.of(exchange.getVariable(MARKED, String.class)));
        }
        throw failure;
    }

    private void notTaken(VendorCall call, Exchange exchange) {
        String marked = exchange.getVariable(MARKED, String.class);
        if (marked != null) {
            unconfirmedCreates.clear(call.system(), call.createdEntity(), List.of(marked));
        }
        plans.notApplied(exchange);
    }

    static Operation decide(VendorCall call, String eventType, String targetId) {
        if (eventType != null && eventType.endsWith(".deleted")) {
            return call.deletePath().isEmpty() || targetId == null ? Operation.SKIP : Operation.DELETE;
        }
        if (targetId != null && call.createOnly()) {
            return Operation.SKIP;
        }
        return targetId != null && !call.updatePath().isEmpty() ? Operation.UPDATE : Operation.CREATE;
    }

    /** The target has no such entity: forget its id; an update goes round again as a create, a delete is done. */
    public void missing(Exchange exchange) {
        VendorCall call = callOf(exchange);
        JsonNode canonical = exchange.getVariable(CANONICAL, JsonNode.class);
        store.forgetAt(call.system(), call.refName(), call.entity(), CanonicalStore.keyOf(call.entity(), canonical));
        ObjectNode forgotten = canonical.deepCopy();
        if (forgotten.path("refs") instanceof ObjectNode refs) {
            refs.remove(call.refName());
        }
        exchange.setVariable(CANONICAL, forgotten);
        exchange.setVariable(INPUT, forgotten);
        exchange.getMessage().setBody(forgotten);
        if (Operation.valueOf(exchange.getVariable(OPERATION, String.class)) == Operation.UPDATE) {
            exchange.setVariable(AGAIN, "true");
        } else {
            exchange.setVariable(OPERATION, Operation.SKIP.name()); // deleted already: nothing left to read
        }
    }

    /**
     * After the vendor answered with success: a refusal in its own terms (the answer check) fails the call,
     * retryable or not as the check says; otherwise what the answer says the vendor holds is recorded.
     */
    public void answered(Exchange exchange) {
        if ("true".equals(exchange.getVariable(AGAIN, String.class))) {
            return;
        }
        VendorCall call = callOf(exchange);
        Operation operation = Operation.valueOf(exchange.getVariable(OPERATION, String.class));
        JsonNode canonical = exchange.getVariable(CANONICAL, JsonNode.class);
        if (operation == Operation.SKIP) {
            exchange.getMessage().setBody(canonical);
            return;
        }
        if (operation == Operation.LOOKUP) {
            lookedUp(call, canonical, exchange);
            return;
        }
        String key = CanonicalStore.keeps(call.entity()) ? CanonicalStore.keyOf(call.entity(), canonical) : null;
        if (operation == Operation.DELETE) {
            store.forgetAt(call.system(), call.refName(), call.entity(), key);
            exchange.getMessage().setBody(canonical);
            return;
        }
        JsonNode answer = answerOf(call, exchange);
        if (!call.answerCheck().isEmpty()) {
            JsonNode verdict = mappings.apply(call.answerCheck(), answer == null ? json.createObjectNode() : answer, Map.of(), null,
                    Map.of("request", canonical));
            if (!verdict.path("accepted").asBoolean(false)) {
                notTaken(call, exchange); // refused in the vendor's own terms: nothing was applied
                String message = verdict.path("message").asText("no reason given");
                throw new VendorRejectedException(call.system() + " refused the call: " + message, verdict.path("retryable").asBoolean(false));
            }
        }
        if (answer == null && operation == Operation.CREATE && !call.answerMapping().isEmpty()) {
            // a success without the answer that names what was created: whether, and as what, is unknown
            throw new OutcomeUnknownException(call.system() + " answered the " + call.entity() + " create without a body: the outcome of the"
                    + " call is unknown; check at " + call.system() + " whether it took effect before replaying");
        }
        JsonNode learnt = answer != null && !call.answerMapping().isEmpty() ? canonicalOf(call.answerMapping(), answer, canonical) : null;
        String marked = exchange.getVariable(MARKED, String.class);
        transaction.executeWithoutResult(status -> {
            if (learnt != null) {
                store.recordDelivered(call.system(), call.entity(), learnt);
            }
            if (marked != null && learnt != null && learnt.path("refs").has(call.refName())) {
                // the id it made is kept with the mark's end: a redelivery updates it, never creates it again
                unconfirmedCreates.clear(call.system(), call.createdEntity(), List.of(marked));
            }
        });
        if (marked != null && (learnt == null || !learnt.path("refs").has(call.refName()))) {
            // nothing the answer taught shows the call was made: the mark ends with the delivery's record, in its
            // transaction, so a hub that stops in between redelivers into the mark, never around it
            UnconfirmedCreates.clearWithDelivery(exchange, call.system(), call.createdEntity(), marked);
        }
        exchange.getMessage().setBody(learnt == null ? canonical : withRefsOf(canonical, learnt));
    }

    /** The vendor's answer as a tree (JSON or XML by its content type); null when it sent no body. */
    private JsonNode answerOf(VendorCall call, Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            return null;
        }
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        try {
            return BodyFormat.of(contentType, body).read(json, body);
        } catch (MalformedBodyException e) {
            // the vendor answered 2xx, but what it said cannot be read: whether it applied the call is unknown
            throw new OutcomeUnknownException(call.system() + " answered with an unreadable body (" + e.getMessage()
                    + "): the outcome of the call is unknown; check at " + call.system() + " whether it took effect before replaying");
        }
    }

    /** An answer mapping's result, checked against the entity's schema when it is canonical. */
    private JsonNode canonicalOf(String mappingId, JsonNode answer, JsonNode request) {
        JsonNode result = mappings.apply(mappingId, answer, Map.of(), null, Map.of("request", request));
        String name = mappingId.substring(mappingId.indexOf('/') + 1);
        String entity = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (name.endsWith(".to-canonical") && schemas.entities().contains(entity)) {
            schemas.validate(entity, result);
        }
        return result;
    }

    /** The canonical entity with the refs the answer gave it added (the answer's content is the vendor's view). */
    private static JsonNode withRefsOf(JsonNode canonical, JsonNode learnt) {
        ObjectNode merged = canonical.deepCopy();
        if (learnt.path("refs").isObject()) {
            ObjectNode refs = merged.has("refs") && merged.get("refs").isObject() ? (ObjectNode) merged.get("refs") : merged.putObject("refs");
            learnt.get("refs").fields().forEachRemaining(ref -> refs.set(ref.getKey(), ref.getValue()));
        }
        return merged;
    }

    /**
     * An earlier create of this entity (or event) went out and its outcome is unknown (its mark is still there). It
     * is not sent again blindly: a polled system's next complete poll tells whether the entity exists (until then
     * the delivery waits, retryably); a system that can be read by a list ({@code lookupPath}) is read first (true);
     * any other parks it as of unknown outcome, unless an operator, having checked the vendor, replays it.
     */
    private boolean settleEarlierCreate(VendorCall call, String key, Exchange exchange) {
        if (call.confirmCreatesByPoll()) {
            if (unconfirmedCreates.decide(call.system(), call.createdEntity(), key) == UnconfirmedCreates.Decision.WAIT_FOR_POLL) {
                throw unconfirmedCreates.awaitingPoll(call.system(), "An earlier create of this " + call.entity() + " was");
            }
            return false;
        }
        if (!unconfirmedCreates.isMarked(call.system(), call.createdEntity(), key)) {
            return false;
        }
        if (!call.lookupPath().isEmpty()) {
            return true;
        }
        if (!replayed(exchange)) {
            throw new OutcomeUnknownException("the " + call.system() + " " + call.entity() + " create for " + key
                    + " was sent and its outcome is unknown (no answer, or an error that does not say it was not taken): check at "
                    + call.system() + " whether it took effect; replay this dead letter only if it did not");
        }
        return false;
    }

    /** The id of the event being delivered. */
    private static String eventId(Exchange exchange) {
        return eventHeader(exchange, DeliveryItem.EVENT_ID, CloudEvent.HEADER_ID);
    }

    /** The dead letter being replayed, by the entity's key; none for a first delivery. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> deadLetterOf(Exchange exchange, String key) {
        Map<String, String> item = exchange.getProperty(DeliveryItem.PROPERTY, Map.class);
        String letter = item == null ? null : item.get(DeliveryItem.DEAD_LETTER_ID);
        return letter == null ? Map.of() : Map.of(key, letter);
    }

    /** A dead letter an operator replays. */
    @SuppressWarnings("unchecked")
    private static boolean replayed(Exchange exchange) {
        Map<String, String> item = exchange.getProperty(DeliveryItem.PROPERTY, Map.class);
        return item != null && item.get(DeliveryItem.DEAD_LETTER_ID) != null;
    }

    private static Object bodyOf(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        return body instanceof JsonNode ? body : exchange.getMessage().getBody(String.class);
    }

    /** The type of the event being delivered. */
    private static String eventType(Exchange exchange) {
        return eventHeader(exchange, DeliveryItem.TYPE, CloudEvent.HEADER_TYPE);
    }

    /** An attribute of the event being delivered: the item {@link SingleDeliveries#prepare} kept, else the CloudEvent header. */
    @SuppressWarnings("unchecked")
    private static String eventHeader(Exchange exchange, String itemKey, String header) {
        Map<String, String> item = exchange.getProperty(DeliveryItem.PROPERTY, Map.class);
        return item != null && item.get(itemKey) != null ? item.get(itemKey) : DeliveryItem.header(exchange.getMessage(), header);
    }

    /** The event's own canonical entity when the calls work on a related one, else the entity itself. */
    private static JsonNode eventOf(Exchange exchange, JsonNode canonical) {
        JsonNode event = exchange.getVariable(SingleDeliveries.EVENT, JsonNode.class);
        return event != null ? event : canonical;
    }

    /**
     * A lookup answered with something that is not the vendor's list (a proxy's {@code {}}, a cut-off body). A lookup is
     * a read, so it is retried; it is not a refusal of the create either, so the create's mark stays and nothing is
     * sent until a lookup is understood.
     */
    static final class UnreadableLookup extends RuntimeException {
        UnreadableLookup(String message) {
            super(message);
        }
    }
}
