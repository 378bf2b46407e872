/**
 * Canonical events on Kafka: CloudEvents 1.0 in binary mode (written and read by the CloudEvents
 * SDK's Kafka binding), the topic of each entity, the
 * transactional outbox that records an event with the change that caused it, and its relay to Kafka.
 */
package org.loyaltyhub.events;
