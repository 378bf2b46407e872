package org.loyaltyhub.events;

/**
 * Where the outbox relay sets aside an event Kafka will never take (too large, not serialisable, a topic that
 * cannot exist), so that the rows behind it flow on. Implemented by the dead-letter store, which depends on this
 * package and not the other way round.
 */
public interface UnpublishableEvents {

    /** Keeps the event and why Kafka refused it, for an operator; called in the relay's database transaction. */
    void setAside(String topic, CloudEvent event, Exception reason);
}
