package org.loyaltyhub.delivery;

import java.util.Collection;
import java.util.List;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.reliability.DeliveryLog;
import org.loyaltyhub.systems.SystemActivity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every delivery route records once a vendor accepted a delivery, batched or single: the events
 * count as delivered to the target (so a redelivered Kafka record never applies twice), replayed dead
 * letters are done, and the system's activity shows a success. One code path for all delivery shapes.
 */
@Component
public class DeliveryRecords {

    private final DeliveryLog deliveryLog;
    private final DeadLetterStore deadLetters;
    private final SystemActivity activity;
    private final TransactionTemplate transaction;

    public DeliveryRecords(DeliveryLog deliveryLog, DeadLetterStore deadLetters, SystemActivity activity, TransactionTemplate transaction) {
        this.deliveryLog = deliveryLog;
        this.deadLetters = deadLetters;
        this.activity = activity;
        this.transaction = transaction;
    }

    /**
     * Records the delivery of these events (and of the dead letters they replayed) to the target, in one
     * database transaction with {@code alsoInTheSameTransaction} (what the vendor's answer taught the hub),
     * then counts {@code deliveries} successful deliveries for the system.
     */
    public void delivered(String target, Collection<String> eventIds, List<String> deadLetterIds, int deliveries,
            Runnable alsoInTheSameTransaction) {
        transaction.executeWithoutResult(status -> {
            alsoInTheSameTransaction.run();
            deliveryLog.recordDelivered(target, eventIds);
            deadLetters.markDelivered(deadLetterIds);
        });
        activity.delivered(target, deliveries);
    }
}
