/**
 * Simulated vendor systems for the local default and for tests: each sandbox vendor answers under
 * {@code /sandbox/<system>/} followed by the path its vendor document gives, so the hub talks to it exactly as it
 * would to the real system. One sub-package per vendor ({@code ecom}, {@code codes}, {@code promo}, {@code wallet}),
 * each with the notes on how it reads its document, and {@code faults}, the fault injection of every sandbox vendor
 * ({@code /sandbox/<system>/_faults}); this package holds what they share: settings, refusals and the store lock.
 * Vendor packages depend on this one, never the other way.
 *
 * <p>Everything here is active only with {@code hub.sandbox.enabled=true}, which only the local default sets; it is
 * never on outside it. This is the one place besides the SPI provider where Java code names vendors.
 */
package org.loyaltyhub.sandbox;
