/**
 * The configured vendor systems ({@code hub.systems.<name>}): their typed settings (base URL, timeouts,
 * retry limits, batching), the raw settings a mapping sees as {@code $config}, and the credential each
 * vendor call carries (added by the HTTP client, secrets from the environment or the secrets directory).
 */
package org.loyaltyhub.systems;
