/**
 * The sandbox's fault machinery: what a test or an operator sets on a simulated vendor ({@code PUT
 * /sandbox/<system>/_faults}) and the filter that makes the vendor behave so: failing statuses, delays, hangs, and the
 * ways real vendors misbehave (an applied call without an answer, a partial or non-atomic bulk, duplicates, nonsense).
 */
package org.loyaltyhub.sandbox.faults;
