package org.loyaltyhub.dispatch;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;

/**
 * Commits a consumed event's Kafka offset once the event was delivered, dead-lettered or found to
 * concern nobody: the dispatch routes consume with manual, asynchronous commits (the consumer thread
 * sends them), so an event not yet done is read again after a crash, never skipped.
 */
@Component("kafkaOffsets")
public class KafkaOffsets {

    public void commit(Exchange exchange) {
        // a failure handled downstream is committed when the exchange returns to its consuming route; a
        // batch's failure never is: its first record's handle would move the offset backwards
        String failedIn = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
        if (failedIn != null && !failedIn.equals(exchange.getFromRouteId())) {
            return;
        }
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }
}
