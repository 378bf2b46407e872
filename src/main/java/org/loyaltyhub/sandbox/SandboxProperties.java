package org.loyaltyhub.sandbox;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sandbox vendors ({@code hub.sandbox.*}).
 *
 * @param enabled whether the sandbox vendors are served at all (the local default only)
 * @param faults faults active from the start, per system, e.g. {@code hub.sandbox.faults.ecom.status=503}
 * @param promo what the promo sandbox accepts ({@code hub.sandbox.promo.*})
 */
@ConfigurationProperties("hub.sandbox")
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public record SandboxProperties(boolean enabled, Map<String, SandboxFault> faults, Promo promo) {

    public SandboxProperties {
        faults = faults == null ? Map.of() : Map.copyOf(faults);
        promo = promo == null ? new Promo(null, null) : promo;
    }

    /**
     * The promo sandbox's credentials; the defaults are what {@code hub.systems.promo} sends in the local default.
     *
     * @param token the API token every attach request must carry (default {@value #DEFAULT_TOKEN})
     * @param dbId the one database id it knows (default 1)
     */
    public record Promo(String token, Long dbId) {

        public static final String DEFAULT_TOKEN = "sandbox-promo-token";

        public Promo {
            token = token == null || token.isBlank() ? DEFAULT_TOKEN : token;
            dbId = dbId == null ? 1L : dbId;
        }
    }
}
