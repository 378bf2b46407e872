/**
 * Systems that send to the hub (webhooks, template {@code inbound-webhook}): authentication by a per-system key,
 * reading JSON or XML bodies safely, and the answers (202 with the intake's outcome, problem+json refusals).
 */
package org.loyaltyhub.inbound;
