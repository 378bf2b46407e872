package org.loyaltyhub.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.loyaltyhub.exchange.DeliveryItem;
import org.loyaltyhub.reliability.AwaitingPollException;
import org.loyaltyhub.reliability.OutcomeUnknownException;
import org.loyaltyhub.systems.SystemRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The operation tables at work in a delivery ({@code plan} parameter of the http-call template): which
 * operation an event becomes for its subject ({@link OperationPlanner}), what its original applied when it
 * undoes one ({@link AppliedOperations}), and the ledger kept around the call so that an operation is sent
 * once: marked sent as it leaves, applied with the delivery's record, forgotten when the vendor did not take it.
 * An operation whose outcome is unknown (no answer, a 5xx, the hub stopped during the call) is not sent again on
 * its own: where the system's operations can be read (the call's {@code lookupPath}) it is looked for there first
 * ({@link #readBackFirst}); elsewhere it is dead-lettered as of unknown outcome, and an operator who replays it
 * decides it was not applied.
 */
@Component("operationPlans")
public class OperationPlans {

    /** Exchange variable: the operation planned for this delivery ({@link OperationPlanner.Planned}). */
    static final String PLANNED = "hubPlannedOperation";
    static final String PLANNED_AT = "hubPlannedAt";
    static final String PLANNED_SUBJECT = "hubPlannedSubject";
    /** Exchange variable: the planned operation was sent before without an answer, and is to be looked for first. */
    static final String READ_BACK = "hubPlannedReadBack";

    private static final Logger log = LoggerFactory.getLogger(OperationPlans.class);

    private volatile OperationPlanner planner;
    private final AppliedOperations ledger;
    private final SystemRegistry systems;

    public OperationPlans(OperationPlanner planner, AppliedOperations ledger, SystemRegistry systems) {
        this.planner = planner;
        this.ledger = ledger;
        this.systems = systems;
    }

    /** Swaps in a planner of tables loaded again (a configuration reload that passed its checks); returns the previous one. */
    public OperationPlanner replace(OperationPlanner reloaded) {
        OperationPlanner previous = planner;
        planner = reloaded;
        return previous;
    }

    /**
     * The canonical operation {@code event} becomes on {@code subject} at {@code system}, or nothing (the table
     * says none, nothing is left to undo, or it was applied already). {@code readable}: the system's operations can be
     * read, so one sent without an answer is planned again, to be looked for ({@link #readBackFirst}) before it is sent.
     */
    public Optional<JsonNode> plan(String table, String system, JsonNode event, JsonNode subject, Exchange exchange, boolean readable) {
        String transactionId = event.path("id").asText(null);
        if (transactionId == null) {
            throw new IllegalArgumentException("the event has no id: its operation could not be kept from being applied twice");
        }
        AppliedOperations.Status status = ledger.status(system, transactionId);
        if (status == AppliedOperations.Status.APPLIED) {
            log.info("{} operation for {} was applied already", system, transactionId);
            return Optional.empty();
        }
        boolean readBack = status == AppliedOperations.Status.SENT && !replayed(exchange);
        if (readBack && readable) {
            awaitTheCallsEnd(system, transactionId);
        }
        if (readBack && !readable) {
            throw new OutcomeUnknownException("the " + system + " operation for transaction " + transactionId
                    + " was sent without an answer, so whether it was applied is unknown: look for it in " + system
                    + "'s operation history (comment 'Loyalty Hub ... " + transactionId + "'); replay this dead letter only if it is not there");
        }
        Map<String, Object> config = systems.mappingConfig(system);
        OperationPlanner current = planner;
        OperationTables.SubjectKind kind = current.kindOf(table, subject, config);
        OperationPlanner.Applied original = ledger.applied(system, event.path("originalTransactionId").asText(null)).orElse(null);
        OperationPlanner.Plan plan = current.plan(table, verbOf(exchange), event, subject, kind, config, original);
        if (plan.operation().isEmpty()) {
            log.info("{}: {} {}: {}", system, event.path("type").asText("event"), transactionId, plan.reason());
            return Optional.empty();
        }
        OperationPlanner.Planned planned = plan.operation().get();
        exchange.setVariable(PLANNED, planned);
        exchange.setVariable(PLANNED_AT, system);
        exchange.setVariable(PLANNED_SUBJECT, subject.path("number").asText());
        exchange.setVariable(READ_BACK, readBack);
        return Optional.of(planned.canonical());
    }

    /**
     * An operation sent without an answer is looked for only once the call that sent it has certainly ended (its
     * connect and read timeouts after it left): a vendor still working on it would apply it after a read that did not
     * find it, and the resend would apply it twice. Until then the delivery waits, without spending its attempts.
     */
    private void awaitTheCallsEnd(String system, String transactionId) {
        Duration longestCall = systems.get(system).longestCall();
        if (ledger.mayStillBeUnderWay(system, transactionId, longestCall)) {
            throw new AwaitingPollException("the " + system + " operation for transaction " + transactionId + " left without an"
                    + " answer less than " + longestCall.toSeconds() + " s ago and may still be applied: it is looked for once its call"
                    + " has certainly ended", longestCall);
        }
    }

    /** The path of the planned operation's endpoint, for {@code {operation}} in the call's path. */
    public String pathOf(String table, JsonNode operation) {
        return planner.tables().pathOf(table, operation.path("operation").asText());
    }

    /** A new call begins: no operation of an earlier call (or round) is its own. */
    public void forget(Exchange exchange) {
        exchange.removeVariable(PLANNED);
        exchange.removeVariable(PLANNED_AT);
        exchange.removeVariable(PLANNED_SUBJECT);
        exchange.removeVariable(READ_BACK);
    }

    /** Whether the planned operation was sent before without an answer: the system is read for it before it is sent. */
    public boolean readBackFirst(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getVariable(READ_BACK, Boolean.class));
    }

    /** The transaction whose operation is planned, for messages. */
    public String transactionOf(Exchange exchange) {
        OperationPlanner.Planned planned = exchange.getVariable(PLANNED, OperationPlanner.Planned.class);
        return planned == null ? null : planned.canonical().path("transactionId").asText();
    }

    /**
     * What the system's operations showed of the planned one sent without an answer: found, it was applied (and is not
     * sent again); not found, it never was, and goes out now.
     */
    public void readBack(Exchange exchange, boolean found) {
        if (found) {
            recordApplied(exchange);
        } else {
            notApplied(exchange);
        }
    }

    /**
     * The planned operation is about to leave: from now on, whether it was applied is known only from the answer
     * (a call that never left the hub is never recorded as sent).
     */
    public void sending(Exchange exchange) {
        OperationPlanner.Planned planned = exchange.getVariable(PLANNED, OperationPlanner.Planned.class);
        if (planned != null) {
            ledger.sent(exchange.getVariable(PLANNED_AT, String.class), planned.canonical().path("transactionId").asText(),
                    exchange.getVariable(PLANNED_SUBJECT, String.class), planned);
        }
    }

    /** The vendor did not take the planned operation (it refused it, or the call never reached it). */
    public void notApplied(Exchange exchange) {
        OperationPlanner.Planned planned = exchange.getVariable(PLANNED, OperationPlanner.Planned.class);
        if (planned != null) {
            ledger.notApplied(exchange.getVariable(PLANNED_AT, String.class), planned.canonical().path("transactionId").asText());
        }
    }

    /** In the delivery's database transaction: the planned operation was applied. */
    public void recordApplied(Exchange exchange) {
        OperationPlanner.Planned planned = exchange.getVariable(PLANNED, OperationPlanner.Planned.class);
        if (planned != null) {
            ledger.markApplied(exchange.getVariable(PLANNED_AT, String.class), planned.canonical().path("transactionId").asText());
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean replayed(Exchange exchange) {
        Map<String, String> item = exchange.getProperty(DeliveryItem.PROPERTY, Map.class);
        return item != null && item.get(DeliveryItem.DEAD_LETTER_ID) != null;
    }

    /** sale, return or reverted: the last part of the event's type. */
    @SuppressWarnings("unchecked")
    private static String verbOf(Exchange exchange) {
        Map<String, String> item = exchange.getProperty(DeliveryItem.PROPERTY, Map.class);
        String type = item == null ? null : item.get(DeliveryItem.TYPE);
        if (type == null) {
            throw new IllegalArgumentException("the event has no type");
        }
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
