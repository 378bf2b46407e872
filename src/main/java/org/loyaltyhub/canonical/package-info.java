/**
 * The canonical model: the one JSON shape every vendor format is translated to and from.
 *
 * <p>This package owns the contract, not the translation. The contract itself is the set of JSON Schemas in
 * {@code mappings/canonical/} (one {@code <entity>.schema.json} per {@link org.loyaltyhub.canonical.CanonicalEntity},
 * plus {@code common.schema.json} for shared definitions); mapping authors write against those files.
 * {@link org.loyaltyhub.canonical.CanonicalSchemas} loads them and checks a canonical JSON body, reporting problems
 * as a {@link org.loyaltyhub.canonical.CanonicalValidationException} that names fields and rules but never values.
 * The hub handles canonical bodies as JSON throughout (mappings, the store, deliveries): no Java type binds them,
 * so a field the schema gains needs no code. Money is a decimal string, never a float.
 *
 * <p>Nothing here knows a vendor or Spring: mappings live in {@code mappings/<system>/}, and the application wires
 * {@code CanonicalSchemas} as a bean.
 */
package org.loyaltyhub.canonical;
