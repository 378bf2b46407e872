/**
 * The configured vendor systems ({@code hub.systems.<name>}): their typed settings (base URL, timeouts,
 * retry limits, batching) and the raw settings a mapping sees as {@code $config}.
 */
package org.loyaltyhub.systems;
