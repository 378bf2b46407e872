/**
 * The one mapping engine: JSONata files under {@code hub.mappings.dir}, compiled once at start and
 * applied with {@code $config} and {@code $headers}; and the golden examples that pin every mapping.
 */
package org.loyaltyhub.mapping;
