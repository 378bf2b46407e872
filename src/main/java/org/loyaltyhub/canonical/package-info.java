/**
 * The canonical model: the one JSON shape every vendor format is translated to and from.
 *
 * <p>This package owns the contract, not the translation. The contract itself is the set of JSON Schemas in
 * {@code mappings/canonical/} (one {@code <entity>.schema.json} per {@link org.loyaltyhub.canonical.CanonicalEntity},
 * plus {@code common.schema.json} for shared definitions); mapping authors write against those files.
 * {@link org.loyaltyhub.canonical.CanonicalSchemas} loads them and checks a canonical JSON body, reporting problems
 * as a {@link org.loyaltyhub.canonical.CanonicalValidationException} that names fields and rules but never values.
 * The records ({@link org.loyaltyhub.canonical.Card}, {@link org.loyaltyhub.canonical.Transaction},
 * {@link org.loyaltyhub.canonical.Promotion}, {@link org.loyaltyhub.canonical.PromoAssignment},
 * {@link org.loyaltyhub.canonical.WalletOperation}) are the Java view of the same shapes, for the parts of the hub
 * that need typed access; money is a {@link java.math.BigDecimal} that travels as a decimal string.
 *
 * <p>Nothing here knows a vendor or Spring: mappings live in {@code mappings/<system>/}, and the application wires
 * {@code CanonicalSchemas} as a bean.
 */
package org.loyaltyhub.canonical;
