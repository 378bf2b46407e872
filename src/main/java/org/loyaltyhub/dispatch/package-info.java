/**
 * Who receives which canonical event: the subscriptions of {@code mappings/subscriptions.yaml}
 * (event type, target system, delivery route, optional JSONata condition) and the content-based
 * routing of each target's Kafka consumer by them.
 */
package org.loyaltyhub.dispatch;
