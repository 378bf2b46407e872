/**
 * Polling sources (route template {@code http-poll-source}): reading a vendor's list page by page without
 * skipping or repeating an item, streaming the items of each answer, and settling what a complete poll
 * shows (entities deleted at the source, creates whose outcome was unknown).
 */
package org.loyaltyhub.polling;
