/**
 * Systems that send to the hub (webhooks, template {@code inbound-webhook}; the event API, {@code event-api}):
 * authentication by scoped keys, bodies bounded before they are read and read as JSON or XML safely, and the
 * answers (202 with the intake's outcome, problem+json refusals).
 */
package org.loyaltyhub.inbound;
