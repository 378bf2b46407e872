package org.loyaltyhub.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.stereotype.Component;

/**
 * Every key a caller may present as {@code Authorization: Bearer <key>}, with what it may call (its scopes):
 * <ul>
 * <li>the registers' keys, {@code hub.spi.api-keys}: scope {@code spi};</li>
 * <li>the systems' keys, {@code hub.api.keys.<name>.key} with {@code .scopes} (comma-separated), e.g.
 * {@code api/promo-assignments}, {@code inbound/crm}; a scope covers the paths under it ({@code api} every
 * {@code /api/…});</li>
 * <li>a system's webhook keys, {@code hub.systems.<system>.inbound-keys}: scope {@code inbound/<system>}.</li>
 * </ul>
 * A known key without the scope asked for is forbidden (403), an unknown one unauthorized (401).
 */
@Component("apiKeys")
public class ApiKeys {

    /** What a presented key may do here. */
    public enum Verdict { ALLOWED, FORBIDDEN, UNKNOWN }

    private record Entry(BearerKeys key, List<String> scopes) {
    }

    /** One system's key to the hub's API, {@code hub.api.keys.<name>}. */
    public record KeySettings(String key, List<String> scopes) {
    }

    private final List<Entry> entries;

    public ApiKeys(Environment environment, SystemRegistry systems) {
        List<Entry> all = new ArrayList<>();
        all.add(new Entry(BearerKeys.parse(environment.getProperty("hub.spi.api-keys", "")), List.of("spi")));
        Binder.get(environment).bind("hub.api.keys", Bindable.mapOf(String.class, KeySettings.class)).orElse(Map.of())
                .forEach((name, settings) -> all.add(new Entry(BearerKeys.parse(settings.key()),
                        settings.scopes() == null ? List.of() : settings.scopes().stream().map(String::trim).toList())));
        for (String system : systems.names()) {
            Object keys = systems.mappingConfig(system).get("inboundKeys");
            all.add(new Entry(BearerKeys.parse(keys == null ? null : String.valueOf(keys)), List.of("inbound/" + system)));
        }
        this.entries = all.stream().filter(entry -> !entry.key().isEmpty()).toList();
    }

    /** Whether the Authorization header's key may call {@code scope} (e.g. {@code api/promo-assignments}). */
    public Verdict check(String authorization, String scope) {
        boolean known = false;
        for (Entry entry : entries) {
            if (entry.key().accepts(authorization)) {
                known = true;
                if (entry.scopes().stream().anyMatch(granted -> scope.equals(granted) || scope.startsWith(granted + "/"))) {
                    return Verdict.ALLOWED;
                }
            }
        }
        return known ? Verdict.FORBIDDEN : Verdict.UNKNOWN;
    }
}
