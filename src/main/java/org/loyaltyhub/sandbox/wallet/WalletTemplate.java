package org.loyaltyhub.sandbox.wallet;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A card template (program) of the wallet sandbox. Templates are fixed: the seeds below are all there is, and the
 * hub's configuration refers to their ids. Only {@link #id()}, {@link #name()}, {@link #type()} and the reward tiers
 * are answered (the contract's {@code Template}); the rest are sandbox-internal settings, because the contract's
 * Template has no field for them (NOTES.md, wallet):
 *
 * @param mechanics how a Stamp or Reward template earns (visit, spend, Points); null for the other types
 * @param withLimits a Membership template WITH limits (true) or WITHOUT (false); false for every other type
 * @param startingVisits the visits a new card starts with (Multipass, Membership with limits); null otherwise
 * @param discountPercentage the discount a Discount card shows in its balance; null for other types
 * @param rewardTiers the rewards a Reward card can receive, cheapest first; empty for other types
 */
public record WalletTemplate(long id, String name, WalletCardType type, WalletMechanics mechanics, boolean withLimits,
        Long startingVisits, BigDecimal discountPercentage, List<WalletRewardTier> rewardTiers, Instant createdAt) {

    /** When every seeded template was made: the contract's example template's createdAt. */
    static final Instant SEEDED_AT = Instant.parse("2024-11-02T09:00:00Z");

    /** The contract's example template (Reward, Points mechanics), on which the example card is seeded. */
    static final long EXAMPLE_ID = 1046392;

    public WalletTemplate {
        rewardTiers = List.copyOf(rewardTiers);
    }

    /** The card it issues, for refusals: "a membership card with limits (template 162 “Membership with limits”)". */
    String describe() {
        String text = type.wireName() + " card";
        if (mechanics == WalletMechanics.POINTS) {
            text += " with the mechanics type “Points”";
        } else if (mechanics != null) {
            text += " with " + mechanics.vendorName() + " mechanics";
        }
        if (type == WalletCardType.MEMBERSHIP) {
            text += withLimits ? " with limits" : " without limits";
        }
        return text + " (template " + id + " “" + name + "”)";
    }

    /**
     * The contract's {@code Template}, as its example writes one: a seeded template has no custom fields and no
     * membership tiers (empty lists), and, never updated, no {@code updatedAt}.
     */
    ObjectNode render() {
        ObjectNode json = WalletJson.object().put("id", id).put("companyId", WalletJson.COMPANY_ID)
                .put("createdAt", WalletJson.time(createdAt))
                .put("installLink", WalletJson.LINK_BASE + "/template/" + id)
                .put("qrLink", WalletJson.LINK_BASE + "/qr/template/" + id)
                .put("type", type.id()).put("name", name);
        json.putArray("customFields");
        json.putArray("membershipTiers");
        rewardTiers.forEach(tier -> json.withArray("rewardTiers").add(tier.render()));
        json.withArray("rewardTiers");
        return json;
    }

    /**
     * The templates the sandbox has, one per (type, mechanics, limits) the vendor text's table distinguishes, plus
     * the contract's example template. Ids: the type's id in the tens (101 Stamp ... 171 Reward), the variant in the
     * units.
     */
    static List<WalletTemplate> seeds() {
        return List.of(
                plain(101, "Stamp, visit mechanics", WalletCardType.STAMP, WalletMechanics.VISIT),
                plain(102, "Stamp, spend mechanics", WalletCardType.STAMP, WalletMechanics.SPEND),
                plain(111, "Cashback", WalletCardType.CASHBACK, null),
                new WalletTemplate(121, "Multipass", WalletCardType.MULTIPASS, null, false, 10L, null, List.of(), SEEDED_AT),
                plain(131, "Coupon", WalletCardType.COUPON, null),
                new WalletTemplate(141, "Discount", WalletCardType.DISCOUNT, null, false, null, new BigDecimal("5"), List.of(), SEEDED_AT),
                plain(151, "Gift", WalletCardType.GIFT, null),
                plain(161, "Membership without limits", WalletCardType.MEMBERSHIP, null),
                new WalletTemplate(162, "Membership with limits", WalletCardType.MEMBERSHIP, null, true, 10L, null, List.of(), SEEDED_AT),
                reward(171, "Reward, points mechanics", WalletMechanics.POINTS,
                        new WalletRewardTier(1711, 171, "Free coffee", new BigDecimal("100")),
                        new WalletRewardTier(1712, 171, "Free lunch", new BigDecimal("250"))),
                reward(172, "Reward, spend mechanics", WalletMechanics.SPEND,
                        new WalletRewardTier(1721, 172, "10 off the next order", new BigDecimal("50.00"))),
                reward(173, "Reward, visit mechanics", WalletMechanics.VISIT,
                        new WalletRewardTier(1731, 173, "Free visit", new BigDecimal("5"))),
                reward(EXAMPLE_ID, "Coffee rewards", WalletMechanics.POINTS,
                        new WalletRewardTier(11, EXAMPLE_ID, "Free coffee", new BigDecimal("100"))));
    }

    private static WalletTemplate plain(long id, String name, WalletCardType type, WalletMechanics mechanics) {
        return new WalletTemplate(id, name, type, mechanics, false, null, null, List.of(), SEEDED_AT);
    }

    private static WalletTemplate reward(long id, String name, WalletMechanics mechanics, WalletRewardTier... tiers) {
        return new WalletTemplate(id, name, WalletCardType.REWARD, mechanics, false, null, null, List.of(tiers), SEEDED_AT);
    }
}
