package org.loyaltyhub.operations;

import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger of operations sent for events ({@code applied_operation}): marked {@code sent} before the call,
 * {@code applied} in the transaction that records the delivery. An undo reads what its original applied and
 * what other undos already took back.
 */
@Component
public class AppliedOperations {

    /** What the ledger holds of one event's operation. */
    public enum Status { NONE, SENT, APPLIED }

    private final NamedParameterJdbcTemplate jdbc;

    public AppliedOperations(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Status status(String system, String transactionId) {
        return jdbc.queryForList("SELECT status FROM applied_operation WHERE system = :system AND transaction_id = :id",
                params(system, transactionId), String.class).stream().findFirst()
                .map(status -> status.equals("applied") ? Status.APPLIED : Status.SENT).orElse(Status.NONE);
    }

    /**
     * Whether an operation marked sent left less than {@code longestCall} ago, by the database's clock (the one that
     * marked it), so that its call may still be under way.
     */
    public boolean mayStillBeUnderWay(String system, String transactionId, java.time.Duration longestCall) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM applied_operation WHERE system = :system AND transaction_id = :id AND status = 'sent'
                               AND updated_at > now() - make_interval(secs => :seconds))
                """, params(system, transactionId).addValue("seconds", longestCall.toMillis() / 1000.0), Boolean.class));
    }

    /**
     * What an applied transaction did, with how much of it later undos took back (an undo that was undone in
     * turn gives its part back) and how much of its total returns gave back.
     */
    public Optional<OperationPlanner.Applied> applied(String system, String transactionId) {
        if (transactionId == null) {
            return Optional.empty();
        }
        return jdbc.query("""
                SELECT a.operation, a.unit, a.magnitude, a.source_total,
                       coalesce((SELECT sum(u.magnitude - coalesce((SELECT sum(r.magnitude) FROM applied_operation r
                                     WHERE r.system = u.system AND r.undoes = u.transaction_id), 0))
                                 FROM applied_operation u WHERE u.system = a.system AND u.undoes = a.transaction_id), 0) AS undone,
                       coalesce((SELECT sum(u.source_total) FROM applied_operation u
                                 WHERE u.system = a.system AND u.undoes = a.transaction_id), 0) AS returned
                FROM applied_operation a WHERE a.system = :system AND a.transaction_id = :id AND a.status = 'applied'
                """, params(system, transactionId), (row, i) -> new OperationPlanner.Applied(transactionId, row.getString("operation"),
                OperationTables.Unit.valueOf(row.getString("unit")), row.getBigDecimal("magnitude"), row.getBigDecimal("source_total"),
                row.getBigDecimal("undone"), row.getBigDecimal("returned"))).stream().findFirst();
    }

    /** Marks the operation as sent, before the call: from now on its outcome is known only from the answer. */
    public void sent(String system, String transactionId, String subjectKey, OperationPlanner.Planned planned) {
        jdbc.update("""
                INSERT INTO applied_operation (system, transaction_id, subject_key, operation, unit, magnitude, source_total, undoes, status)
                VALUES (:system, :id, :subject, :operation, :unit, :magnitude, :total, :undoes, 'sent')
                ON CONFLICT (system, transaction_id) DO UPDATE SET operation = EXCLUDED.operation, unit = EXCLUDED.unit,
                    magnitude = EXCLUDED.magnitude, source_total = EXCLUDED.source_total, undoes = EXCLUDED.undoes, updated_at = now()
                WHERE applied_operation.status = 'sent'
                """, params(system, transactionId).addValue("subject", subjectKey).addValue("operation", planned.operation())
                .addValue("unit", planned.unit().name()).addValue("magnitude", planned.magnitude())
                .addValue("total", planned.sourceTotal()).addValue("undoes", planned.undoes()));
    }

    /** The system refused the call (or it never reached it): nothing was applied. */
    public void notApplied(String system, String transactionId) {
        jdbc.update("DELETE FROM applied_operation WHERE system = :system AND transaction_id = :id AND status = 'sent'",
                params(system, transactionId));
    }

    /** The system applied it; in the same database transaction as the delivery's record. */
    public void markApplied(String system, String transactionId) {
        jdbc.update("UPDATE applied_operation SET status = 'applied', updated_at = now() WHERE system = :system AND transaction_id = :id",
                params(system, transactionId));
    }

    private static MapSqlParameterSource params(String system, String transactionId) {
        return new MapSqlParameterSource().addValue("system", system).addValue("id", transactionId);
    }
}
