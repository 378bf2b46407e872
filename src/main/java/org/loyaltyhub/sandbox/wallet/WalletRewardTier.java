package org.loyaltyhub.sandbox.wallet;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A reward of a Reward template (the contract's {@code RewardTier}): a card can receive it once its
 * {@code bonusBalance} reaches {@link #threshold()}, and receiving it takes the threshold off the balance
 * ({@link WalletCardCounters}).
 *
 * @param threshold points, amount spent or visits, as the template's mechanics count
 */
public record WalletRewardTier(long id, long templateId, String name, BigDecimal threshold) {

    ObjectNode render() {
        ObjectNode json = WalletJson.object().put("id", id).put("templateId", templateId).put("type", 0).put("name", name)
                .put("threshold", threshold);
        json.putNull("usageLimit");
        json.put("value", 0);
        json.putNull("valueLimit");
        return json;
    }
}
