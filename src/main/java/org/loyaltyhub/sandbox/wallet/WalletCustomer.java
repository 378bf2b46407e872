package org.loyaltyhub.sandbox.wallet;

import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A customer (card holder) of the wallet sandbox, the contract's {@code Customer}. Ids are random UUID strings, as
 * the platform's are. Every field but {@link #id()} and {@link #createdAt()} may be null (not set).
 *
 * @param gender 0 unknown, 1 male, 2 female
 * @param externalUserId the caller's own id for the customer; unique in the sandbox (see {@link WalletStore})
 * @param updatedAt when a PATCH last changed it; null until then
 */
public record WalletCustomer(String id, String firstName, String surname, String phone, String email, Integer gender,
        LocalDate dateOfBirth, String externalUserId, Instant createdAt, Instant updatedAt) {

    /** The contract's example customer, seeded with the example card. */
    static final WalletCustomer EXAMPLE = new WalletCustomer("9f0c7a52-6a4e-4f7c-9d51-2b8f1e3c4a10", "Jane", "Smith",
            "+15555550123", "jane@example.org", 2, LocalDate.of(1990, 5, 15), "crm-7781",
            Instant.parse("2025-01-15T10:20:55Z"), null);

    /**
     * The contract's {@code Customer}. {@code segments} is always empty (the sandbox has none); {@code dateOfBirth}
     * is left out when not set, because the contract does not let it be null.
     */
    ObjectNode render() {
        ObjectNode json = WalletJson.object().put("id", id);
        json.putArray("segments");
        WalletJson.putTime(json, "createdAt", createdAt);
        if (dateOfBirth != null) {
            json.put("dateOfBirth", dateOfBirth.toString());
        }
        json.put("email", email).put("externalUserId", externalUserId).put("firstName", firstName);
        if (gender == null) {
            json.putNull("gender");
        } else {
            json.put("gender", gender);
        }
        json.put("phone", phone).put("surname", surname);
        WalletJson.putTime(json, "updatedAt", updatedAt);
        return json;
    }
}
