/**
 * Never losing a message: the one error policy every outbound call goes through (retryable or
 * permanent, backoff with jitter, Retry-After), the dead-letter store with replay, and the delivery
 * log that keeps each (event, target) delivery to one effect.
 */
package org.loyaltyhub.reliability;
