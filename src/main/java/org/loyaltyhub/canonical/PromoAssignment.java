package org.loyaltyhub.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A request to attach a promo code to a customer ({@code mappings/canonical/promo-assignment.schema.json}).
 * Without a code, the loyalty program picks a free one.
 *
 * @param code             the promo code to attach; optional
 * @param loyaltyProgramId the loyalty program the code belongs to; required
 * @param customer         who receives the code, identified in exactly one way; required
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PromoAssignment(String code, String loyaltyProgramId, Customer customer) {

    /**
     * The customer, identified by exactly one of its components (the schema refuses none or several).
     * Use the factory methods to build one that is valid by construction.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Customer(String profileId, String email, String phone, CustomField field) {

        public static Customer byProfileId(String profileId) {
            return new Customer(profileId, null, null, null);
        }

        public static Customer byEmail(String email) {
            return new Customer(null, email, null, null);
        }

        public static Customer byPhone(String phone) {
            return new Customer(null, null, phone, null);
        }

        public static Customer byField(String name, String value) {
            return new Customer(null, null, null, new CustomField(name, value));
        }
    }

    /** A custom profile field and the value it must have. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CustomField(String name, String value) {
    }
}
