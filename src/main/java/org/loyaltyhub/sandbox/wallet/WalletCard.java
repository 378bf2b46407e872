package org.loyaltyhub.sandbox.wallet;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A card of the wallet sandbox, issued to one customer from one template. Its {@link #id()} is the card's serial
 * number ("card number", e.g. {@code 896844-833-112}), which addresses it in every path.
 *
 * @param customFields the card's custom field values by field id, as the last create or PATCH left them
 * @param updatedAt when a PATCH or an operation last changed it; null until then
 */
public record WalletCard(String id, String customerId, long templateId, Instant createdAt, Instant updatedAt,
        WalletCardCounters counters, SortedMap<Long, String> customFields) {

    /** The contract's example card: Jane Smith's Reward card on the example template. */
    static final String EXAMPLE_ID = "896844-833-112";
    static final Instant EXAMPLE_CREATED_AT = Instant.parse("2025-01-15T10:21:07Z");

    private static final Set<String> CREATE = Set.of("customerId", "templateId", "customFields");
    private static final Set<String> UPDATE = Set.of("customFields");

    public WalletCard {
        customFields = Collections.unmodifiableSortedMap(new TreeMap<>(customFields));
    }

    /**
     * A {@code CardCreateInput}: whom to issue the card for and from which template.
     *
     * @param customFields empty when the body has none
     */
    record Request(String customerId, long templateId, Map<Long, String> customFields) {
    }

    /** @throws WalletRefusal (422) naming every offending field */
    static Request readCreate(JsonNode json) {
        WalletBody body = WalletBody.read(json, "a card to issue", CREATE);
        String customerId = body.requiredText("customerId");
        Long templateId = body.integer("templateId");
        if (body.value("templateId") == null) {
            body.problem("templateId", "is required");
        }
        Map<Long, String> fields = customFields(body);
        body.finish("invalid card");
        return new Request(customerId, templateId, fields);
    }

    /**
     * A {@code CardUpdateInput}; the body is optional in the contract, and no body (null) changes nothing.
     *
     * @throws WalletRefusal (422) naming every offending field
     */
    static Map<Long, String> readUpdate(JsonNode json) {
        if (json == null) {
            return Map.of();
        }
        WalletBody body = WalletBody.read(json, "a card update", UPDATE);
        Map<Long, String> fields = customFields(body);
        body.finish("invalid card update");
        return fields;
    }

    /** {@code customFields: [{"id": integer, "value": string}]}; a field given twice keeps the last value. */
    private static Map<Long, String> customFields(WalletBody body) {
        JsonNode array = body.value("customFields");
        Map<Long, String> fields = new TreeMap<>();
        if (array == null) {
            return fields;
        }
        if (!array.isArray()) {
            body.problem("customFields", "must be an array of {id, value}, was " + array);
            return fields;
        }
        for (JsonNode item : array) {
            JsonNode id = item.get("id");
            JsonNode value = item.get("value");
            if (!item.isObject() || id == null || !id.isIntegralNumber() || !id.canConvertToLong()
                    || (value != null && !value.isTextual()) || item.size() > (value == null ? 1 : 2)) {
                body.problem("customFields", "items must be {\"id\": integer, \"value\": string}, had " + item);
                continue;
            }
            fields.put(id.longValue(), value == null ? null : value.textValue());
        }
        return fields;
    }

    WalletCard with(WalletCardCounters newCounters, Instant now) {
        return new WalletCard(id, customerId, templateId, createdAt, now, newCounters, customFields);
    }

    WalletCard withCustomFields(Map<Long, String> changes, Instant now) {
        TreeMap<Long, String> merged = new TreeMap<>(customFields);
        merged.putAll(changes);
        return new WalletCard(id, customerId, templateId, createdAt, now, counters, merged);
    }

    /**
     * The contract's {@code Card}: the properties it requires, {@code status}, and each optional property only while
     * the card has a value for it, as the contract's card example leaves the others out (NOTES.md, "Properties
     * without a value"). In a list ({@code inList}) the properties the contract says are "always empty when a list of
     * cards is requested" are left out; the balance is there either way.
     */
    ObjectNode render(WalletCustomer customer, WalletTemplate template, boolean inList) {
        ObjectNode json = WalletJson.object().put("id", id);
        ArrayNode availableRewardTiers = json.putArray("availableRewardTiers");
        counters.available(template).forEach(tier -> availableRewardTiers.add(tier.render()));
        json.set("balance", renderBalance(template));
        json.put("companyId", WalletJson.COMPANY_ID).put("createdAt", WalletJson.time(createdAt));
        json.set("customer", customer.render());
        json.put("customerId", customerId);
        ObjectNode direct = json.putObject("directInstallLink");
        direct.put("apple", link("apple")).put("google", link("google")).put("pwa", link("pwa")).put("universal", link("install"));
        json.put("installLink", link("install")).put("qrLink", link("qr")).put("shareLink", link("share"));
        json.put("templateId", templateId).put("type", template.type().wireName());
        json.put("status", "active");
        if (!inList) {
            putIfSet(json, "countVisits", counters.countVisits());
            putIfSet(json, "totalRewardsEarned", counters.totalRewardsEarned());
            putIfSet(json, "totalRewardsRedeemed", counters.totalRewardsRedeemed());
            putIfSet(json, "lastRewardEarnedAt", WalletJson.time(counters.lastRewardEarnedAt()));
            putIfSet(json, "lastRewardRedeemedAt", WalletJson.time(counters.lastRewardRedeemedAt()));
            putIfSet(json, "lastStampEarnedAt", WalletJson.time(counters.lastStampEarnedAt()));
        }
        if (counters.couponRedeemed() != null) {
            json.put("couponRedeemed", counters.couponRedeemed());
        }
        if (!customFields.isEmpty()) {
            ArrayNode fields = json.putArray("customFields");
            customFields.forEach((fieldId, value) -> fields.addObject()
                    .put("required", false).put("unique", false).put("id", fieldId).put("value", value));
        }
        putIfSet(json, "updatedAt", WalletJson.time(updatedAt));
        return json;
    }

    /** The contract's {@code CardBalance}: the counters of the card's type, null for the others. */
    private ObjectNode renderBalance(WalletTemplate template) {
        ObjectNode balance = WalletJson.object();
        balance.put("balance", counters.balance());
        balance.put("bonusBalance", counters.bonusBalance());
        putCount(balance, "currentNumberOfUses", counters.currentNumberOfUses());
        balance.putNull("discountAmount");
        balance.put("discountPercentage", template.discountPercentage());
        Long rewardsUnused = template.type() == WalletCardType.REWARD
                ? Long.valueOf(counters.available(template).size()) : counters.numberRewardsUnused();
        putCount(balance, "numberRewardsUnused", rewardsUnused);
        putCount(balance, "numberStampsTotal", counters.numberStampsTotal());
        balance.putNull("stampsBeforeReward");
        return balance;
    }

    private String link(String kind) {
        return WalletJson.LINK_BASE + "/" + kind + "/" + id;
    }

    /** A balance counter: written as null when the card's type does not count it (the contract's example does). */
    private static void putCount(ObjectNode json, String name, Long count) {
        if (count == null) {
            json.putNull(name);
        } else {
            json.put(name, count);
        }
    }

    private static void putIfSet(ObjectNode json, String name, Long value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static void putIfSet(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
