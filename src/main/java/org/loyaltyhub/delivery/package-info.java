/**
 * Delivering canonical events to a target system: the item a delivery carries (event attributes,
 * canonical body, the route it goes to), batching for bulk vendor APIs with a persistent aggregation
 * repository, mapping a batch to the vendor's shape and reading the vendor's answer back.
 */
package org.loyaltyhub.delivery;
