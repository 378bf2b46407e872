package org.loyaltyhub.sandbox;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sandbox vendors ({@code hub.sandbox.*}).
 *
 * @param enabled whether the sandbox vendors are served at all (the local default only)
 * @param faults faults active from the start, per system, e.g. {@code hub.sandbox.faults.ecom.status=503}
 */
@ConfigurationProperties("hub.sandbox")
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public record SandboxProperties(boolean enabled, Map<String, SandboxFault> faults) {

    public SandboxProperties {
        faults = faults == null ? Map.of() : Map.copyOf(faults);
    }
}
