package org.loyaltyhub.systems;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.core5.http.HttpRequest;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * How the hub authenticates to each vendor system, {@code hub.systems.<name>.auth}: {@code type} (api-key, bearer,
 * basic or query), {@code name} (the header of an api-key, the parameter of a query token), {@code username}
 * (basic) and {@code secret} (from the environment or the secrets directory, see {@link SecretsDirectory}).
 * <p>
 * The credential is added to the HTTP request itself as it leaves ({@link #authenticate}, an HTTP client
 * interceptor), never to a Camel message, so no route, log line, exception, dead letter or ops answer holds it; a
 * request goes to the system whose base URL it starts with. Read lazily (base URLs may name the server's port) and
 * again at every configuration reload, so a changed secret is used without a restart.
 */
@Component("vendorCredentials")
public class VendorCredentials {

    /** How a system wants its credential. */
    public enum Type { NONE, API_KEY, BEARER, BASIC, QUERY }

    /** One system's credential; its text never shows the secret. */
    public record Credential(String system, String baseUrl, Type type, String name, String username, String secret) {
        @Override
        public String toString() {
            return "Credential[" + system + ", " + type + (StringUtils.hasText(secret) ? ", secret set]" : ", no secret]");
        }
    }

    private final Environment environment;
    /** By base URL, longest first, so the most specific system wins. */
    private volatile List<Credential> credentials;

    public VendorCredentials(Environment environment) {
        this.environment = environment;
        read(environment); // a misspelt auth type stops the start, not the first call
    }

    /** Reads every system's credential again (configuration reload). */
    public void reload() {
        credentials = read(environment);
    }

    /** Every system's credential as the environment gives it now. */
    private static List<Credential> read(Environment environment) {
        Map<String, Map<String, Object>> systems = Binder.get(environment).bind("hub.systems", SystemRegistry.SETTINGS).orElse(Map.of());
        return systems.entrySet().stream().map(system -> credential(system.getKey(), SystemRegistry.camelCaseKeys(system.getValue())))
                .sorted(Comparator.comparingInt((Credential c) -> c.baseUrl().length()).reversed())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Credential credential(String system, Map<String, Object> settings) {
        Map<String, Object> auth = settings.get("auth") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        String type = text(auth.get("type"));
        Type parsed;
        try {
            parsed = type.isEmpty() ? Type.NONE : Type.valueOf(type.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hub.systems." + system + ".auth.type must be one of api-key, bearer, basic, query; not '"
                    + type + "'");
        }
        String name = text(auth.get("name"));
        if (name.isEmpty()) {
            name = parsed == Type.QUERY ? "token" : "X-API-Key";
        }
        String baseUrl = text(settings.get("baseUrl"));
        return new Credential(system, baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl, parsed, name,
                text(auth.get("username")), text(auth.get("secret")));
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value).trim();
    }

    private List<Credential> known() {
        List<Credential> known = credentials;
        if (known == null) {
            known = read(environment);
            credentials = known;
        }
        return known;
    }

    /** The system a URL belongs to: the one with the longest base URL it starts with. */
    Credential systemOf(String url) {
        for (Credential credential : known()) {
            String base = credential.baseUrl();
            if (!base.isEmpty() && url.startsWith(base)
                    && (url.length() == base.length() || "/?".indexOf(url.charAt(base.length())) >= 0)) {
                return credential;
            }
        }
        return null;
    }

    /** The name of the system a URL belongs to (by its base URL), or null. */
    public String systemNameOf(String url) {
        Credential credential = systemOf(url);
        return credential == null ? null : credential.system();
    }

    /** Adds the credential of the system the request goes to (an HTTP client request interceptor). */
    public void authenticate(HttpRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        Credential credential;
        try {
            credential = systemOf(request.getUri().toString());
        } catch (java.net.URISyntaxException e) {
            return; // not a URL the hub built from a base URL
        }
        if (credential == null || credential.type() == Type.NONE) {
            return;
        }
        String secret = credential.secret();
        switch (credential.type()) {
            case API_KEY -> request.setHeader(credential.name(), secret);
            case BEARER -> request.setHeader("Authorization", "Bearer " + secret);
            case BASIC -> request.setHeader("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((credential.username() + ":" + secret).getBytes(StandardCharsets.UTF_8)));
            case QUERY -> request.setPath(path + (path.contains("?") ? "&" : "?")
                    + URLEncoder.encode(credential.name(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(secret, StandardCharsets.UTF_8));
            default -> throw new IllegalStateException("unreachable");
        }
    }

    /** The text with every configured secret replaced by {@code ***}: for failure texts kept in dead letters. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (Credential credential : known()) {
            if (credential.secret().length() >= 4) {
                redacted = redacted.replace(credential.secret(), "***")
                        .replace(URLEncoder.encode(credential.secret(), StandardCharsets.UTF_8), "***");
            }
        }
        return redacted;
    }
}
