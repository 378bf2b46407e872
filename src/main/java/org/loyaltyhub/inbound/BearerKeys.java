package org.loyaltyhub.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * A set of API keys that callers present as {@code Authorization: Bearer <key>}. Only digests are kept, and
 * every key is compared, each in constant time, so timing tells nothing about the keys.
 */
public final class BearerKeys {

    private final List<byte[]> digests;

    private BearerKeys(List<String> keys) {
        this.digests = keys.stream().map(BearerKeys::sha256).toList();
    }

    /** Keys written comma-separated, as settings hold them; blanks are ignored, so an empty setting accepts nobody. */
    public static BearerKeys parse(String commaSeparated) {
        return new BearerKeys(commaSeparated == null ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(key -> !key.isEmpty()).toList());
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** Whether an Authorization header value presents one of the keys. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        boolean match = false;
        for (byte[] key : digests) {
            match |= MessageDigest.isEqual(key, presented);
        }
        return match;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
