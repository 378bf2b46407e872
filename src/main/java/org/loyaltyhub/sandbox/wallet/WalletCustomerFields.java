package org.loyaltyhub.sandbox.wallet;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of a customer create ({@code CustomerCreateInput}) or PATCH ({@code CustomerUpdateInput}) body, checked
 * against the contract. {@link #named()} holds the properties the body names: a PATCH changes exactly those (null
 * clears one) and keeps the others.
 */
record WalletCustomerFields(Set<String> named, String firstName, String surname, String phone, String email, Integer gender,
        LocalDate dateOfBirth, String externalUserId) {

    private static final Set<String> CREATE = Set.of("firstName", "surname", "phone", "email", "gender", "dateOfBirth", "externalUserId");
    /** The contract's update has the customer's id and no phone (as the SDK-derived reference has it). */
    private static final Set<String> UPDATE = Set.of("id", "firstName", "surname", "email", "gender", "dateOfBirth", "externalUserId");

    WalletCustomerFields {
        named = Set.copyOf(named);
    }

    /**
     * A create body: {@code firstName} required and not blank, the rest optional and nullable.
     *
     * @throws WalletRefusal (422) naming every offending field
     */
    static WalletCustomerFields readCreate(JsonNode json) {
        WalletBody body = WalletBody.read(json, "a new customer", CREATE);
        String firstName = body.requiredText("firstName");
        WalletCustomerFields fields = readCommon(json, body, firstName, body.text("phone"));
        body.finish("invalid customer");
        return fields;
    }

    /**
     * A PATCH body: {@code id} required and equal to the path's; every other field optional and nullable.
     *
     * @throws WalletRefusal (422) naming every offending field
     */
    static WalletCustomerFields readUpdate(JsonNode json, String pathId) {
        WalletBody body = WalletBody.read(json, "a customer update", UPDATE);
        String id = body.requiredText("id");
        if (id != null && !id.equals(pathId)) {
            body.problem("id", "is " + id + " in the body but " + pathId + " in the path");
        }
        WalletCustomerFields fields = readCommon(json, body, body.text("firstName"), null);
        body.finish("invalid customer update");
        return fields;
    }

    private static WalletCustomerFields readCommon(JsonNode json, WalletBody body, String firstName, String phone) {
        Integer gender = null;
        if (body.value("gender") != null) {
            Long number = body.integer("gender");
            if (number != null && (number < 0 || number > 2)) {
                body.problem("gender", "must be 0 (unknown), 1 (male), 2 (female) or null, was " + number);
            } else if (number != null) {
                gender = number.intValue();
            }
        }
        Set<String> named = new HashSet<>();
        json.fieldNames().forEachRemaining(named::add);
        named.remove("id");
        return new WalletCustomerFields(named, firstName, body.text("surname"), phone, body.text("email"), gender,
                body.date("dateOfBirth"), body.text("externalUserId"));
    }

    /** The customer these fields create. */
    WalletCustomer create(String id, Instant now) {
        return new WalletCustomer(id, firstName, surname, phone, email, gender, dateOfBirth, externalUserId, now, null);
    }

    /** The customer after this PATCH: the named fields replaced, the others kept, {@code updatedAt} now. */
    WalletCustomer applyTo(WalletCustomer customer, Instant now) {
        return new WalletCustomer(customer.id(),
                named.contains("firstName") ? firstName : customer.firstName(),
                named.contains("surname") ? surname : customer.surname(),
                customer.phone(),
                named.contains("email") ? email : customer.email(),
                named.contains("gender") ? gender : customer.gender(),
                named.contains("dateOfBirth") ? dateOfBirth : customer.dateOfBirth(),
                named.contains("externalUserId") ? externalUserId : customer.externalUserId(),
                customer.createdAt(), now);
    }

    /** The external user id the customer has once these fields are applied (for the uniqueness check). */
    String externalUserIdAfter(WalletCustomer before) {
        return before == null || named.contains("externalUserId") ? externalUserId : before.externalUserId();
    }
}
