/**
 * Taking a source's items into the hub, whatever brought them (a poll, a webhook, a replayed dead letter): mapped to
 * canonical and stored, the changes published as events ({@code canonical-intake} route template).
 */
package org.loyaltyhub.intake;
