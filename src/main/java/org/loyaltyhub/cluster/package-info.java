/**
 * Running several hubs on one database: work that must happen on one instance at a time (polling a
 * vendor, relaying the outbox) is guarded by PostgreSQL advisory locks.
 */
package org.loyaltyhub.cluster;
