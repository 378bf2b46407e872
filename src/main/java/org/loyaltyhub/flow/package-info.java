/**
 * Flow control of the calls the hub makes to vendors: per system, a circuit breaker that stops calling a system
 * that keeps failing, a rate limit and a limit on concurrent calls, applied to every call of every route template
 * where it leaves the hub (the HTTP client), built on Resilience4j.
 */
package org.loyaltyhub.flow;
