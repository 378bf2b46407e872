/**
 * The canonical store: the hub's current view of every entity, change detection per source system,
 * and the cross references between an entity and its id in each system.
 */
package org.loyaltyhub.store;
