package org.loyaltyhub.sandbox.wallet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What every wallet sandbox answer shares: the sandbox's company, its links, how times and decimals are written. */
final class WalletJson {

    /** The one company (account) the sandbox simulates; the contract's example company. */
    static final long COMPANY_ID = 120455;

    /** Install, QR and share links point here (a reserved example domain: nothing real is ever linked). */
    static final String LINK_BASE = "https://wallet.example.net";

    /** Keeps a decimal's scale as computed (the default factory would write 10.50 as 10.5). */
    static final JsonNodeFactory EXACT = JsonNodeFactory.withExactBigDecimals(true);

    /** The contract's examples write times as {@code 2025-01-15T10:21:07+00:00}; the sandbox answers in UTC. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private WalletJson() {
    }

    static ObjectNode object() {
        return EXACT.objectNode();
    }

    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    /** Puts the time, or JSON null when there is none (the contract's nullable timestamps). */
    static void putTime(ObjectNode json, String name, Instant instant) {
        if (instant == null) {
            json.putNull(name);
        } else {
            json.put(name, time(instant));
        }
    }
}
