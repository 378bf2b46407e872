package org.loyaltyhub.sandbox;

import org.loyaltyhub.sandbox.faults.SandboxFault;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sandbox vendors ({@code hub.sandbox.*}).
 *
 * @param enabled whether the sandbox vendors are served at all (the local default only)
 * @param faults faults active from the start, per system, e.g. {@code hub.sandbox.faults.ecom.status=503}
 * @param promo what the promo sandbox accepts ({@code hub.sandbox.promo.*})
 * @param wallet what the wallet sandbox accepts ({@code hub.sandbox.wallet.*})
 */
@ConfigurationProperties("hub.sandbox")
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public record SandboxProperties(boolean enabled, Map<String, SandboxFault> faults, Promo promo, Wallet wallet) {

    public SandboxProperties {
        faults = faults == null ? Map.of() : Map.copyOf(faults);
        promo = promo == null ? new Promo(null, null, null) : promo;
        wallet = wallet == null ? new Wallet(null) : wallet;
    }

    /**
     * The promo sandbox's credentials, and its own error numbers; the credential defaults are what
     * {@code hub.systems.promo} sends in the local default.
     *
     * @param token the API token every attach request must carry (default {@value #DEFAULT_TOKEN})
     * @param dbId the one database id it knows (default 1)
     * @param errors the {@code error} number of each refusal, by outcome (e.g. {@code no-free-code: 7}); the vendor
     *        document gives none, so these are the sandbox's own (defaults in {@code sandbox.promo.PromoError})
     */
    public record Promo(String token, Long dbId, Map<String, Integer> errors) {

        public static final String DEFAULT_TOKEN = "sandbox-promo-token";

        public Promo {
            token = token == null || token.isBlank() ? DEFAULT_TOKEN : token;
            dbId = dbId == null ? 1L : dbId;
            errors = errors == null ? Map.of() : Map.copyOf(errors);
        }
    }

    /**
     * The wallet sandbox's credential: the key every call must carry in {@code X-API-Key}. The default is the local
     * default's key, so the hub's wallet system must send the same there; the key is compared, never logged or
     * echoed.
     *
     * @param apiKey the one API key it accepts (default {@value #DEFAULT_API_KEY})
     */
    public record Wallet(String apiKey) {

        public static final String DEFAULT_API_KEY = "sandbox-wallet-key";

        public Wallet {
            apiKey = apiKey == null || apiKey.isBlank() ? DEFAULT_API_KEY : apiKey;
        }

        /** Never shows the key: a toString of the settings (in a log or a failure message) must not leak it. */
        @Override
        public String toString() {
            return "Wallet[apiKey=" + (DEFAULT_API_KEY.equals(apiKey) ? "<default>" : "<set>") + "]";
        }
    }
}
