/**
 * The configuration check: validates a configuration folder (routes, mappings, schemas, subscriptions,
 * golden examples) without Kafka or a database, for a configuration repository's own CI.
 */
package org.loyaltyhub.check;
