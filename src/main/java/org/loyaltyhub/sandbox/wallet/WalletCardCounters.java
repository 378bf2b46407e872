package org.loyaltyhub.sandbox.wallet;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What a wallet card counts, and what each operation does to it. Immutable: {@link #apply} answers new counters.
 * A counter the card's type does not use is null (the contract: "which ones are set depends on the card type").
 * Money and points are {@link BigDecimal}s and stay exact (0.1 + 0.2 is 0.3); stamps, visits and rewards are whole.
 * <p>
 * The vendor documents only which operation applies to which card type ({@link WalletCardOperation}), not what it
 * counts. The sandbox's reading, one counter per operation and type, never converting one counter into another:
 * <table>
 * <caption>Effect of each accepted operation</caption>
 * <tr><th>operation</th><th>card</th><th>effect</th></tr>
 * <tr><td>add/subtract-transaction-amount</td><td>Cashback</td><td>{@code balance} ± amount (the money balance)</td></tr>
 * <tr><td>add/subtract-point</td><td>Discount, Cashback</td><td>{@code bonusBalance} ± points</td></tr>
 * <tr><td>add/subtract-point</td><td>Gift</td><td>{@code balance} ± points (a certificate's points are its money
 * value)</td></tr>
 * <tr><td>add-reward</td><td>Stamp</td><td>{@code numberRewardsUnused} + rewards, {@code totalRewardsEarned} + rewards</td></tr>
 * <tr><td>subtract-reward</td><td>Stamp</td><td>{@code numberRewardsUnused} − rewards, {@code totalRewardsRedeemed} +
 * rewards</td></tr>
 * <tr><td>add/subtract-scores</td><td>Reward, Multipass</td><td>{@code bonusBalance} ± scores</td></tr>
 * <tr><td>add-stamp</td><td>Stamp</td><td>{@code currentNumberOfUses} (stamps on the card) + stamps,
 * {@code numberStampsTotal} + stamps</td></tr>
 * <tr><td>subtract-stamp</td><td>Stamp</td><td>{@code currentNumberOfUses} − stamps</td></tr>
 * <tr><td>add-visit</td><td>Multipass</td><td>{@code currentNumberOfUses} (visits left on the pass) + visits: the
 * text's "add visits to card"</td></tr>
 * <tr><td>add-visit</td><td>Membership without limits</td><td>{@code countVisits} + visits</td></tr>
 * <tr><td>add-visit</td><td>Stamp, visit mechanics</td><td>{@code countVisits} + visits, and a stamp per visit</td></tr>
 * <tr><td>add-visit</td><td>Reward, visit mechanics</td><td>{@code countVisits} + visits, {@code bonusBalance} +
 * visits</td></tr>
 * <tr><td>subtract-visit</td><td>Multipass, Membership with limits</td><td>{@code currentNumberOfUses} (visits left)
 * − visits, {@code countVisits} + visits (a visit used up)</td></tr>
 * <tr><td>add/subtract-purchase</td><td>Stamp, spend mechanics</td><td>one stamp per purchase, whatever its amount
 * (the template's minimum spend is not modelled)</td></tr>
 * <tr><td>add/subtract-purchase</td><td>Reward, spend mechanics</td><td>{@code bonusBalance} ± amount</td></tr>
 * <tr><td>receive-reward</td><td>Reward</td><td>the reward tier must be within {@code bonusBalance}; takes its threshold
 * off, {@code totalRewardsRedeemed} + 1</td></tr>
 * <tr><td>redeem-coupon</td><td>Coupon</td><td>{@code couponRedeemed} becomes true, once</td></tr>
 * </table>
 * A subtraction that would take a counter below zero is refused (422) and changes nothing.
 */
public final class WalletCardCounters {

    /** What one applied operation did: the counters after it, and the amount and balance its Operation records. */
    record Applied(WalletCardCounters after, BigDecimal amount, BigDecimal balance, Long rewardTierId) {
    }

    private BigDecimal balance;
    private BigDecimal bonusBalance;
    private Long currentNumberOfUses;
    private Long numberStampsTotal;
    private Long numberRewardsUnused;
    private Long countVisits;
    private Boolean couponRedeemed;
    private Long totalRewardsEarned;
    private Long totalRewardsRedeemed;
    private Instant lastStampEarnedAt;
    private Instant lastRewardEarnedAt;
    private Instant lastRewardRedeemedAt;

    private WalletCardCounters() {
    }

    private WalletCardCounters copy() {
        WalletCardCounters copy = new WalletCardCounters();
        copy.balance = balance;
        copy.bonusBalance = bonusBalance;
        copy.currentNumberOfUses = currentNumberOfUses;
        copy.numberStampsTotal = numberStampsTotal;
        copy.numberRewardsUnused = numberRewardsUnused;
        copy.countVisits = countVisits;
        copy.couponRedeemed = couponRedeemed;
        copy.totalRewardsEarned = totalRewardsEarned;
        copy.totalRewardsRedeemed = totalRewardsRedeemed;
        copy.lastStampEarnedAt = lastStampEarnedAt;
        copy.lastRewardEarnedAt = lastRewardEarnedAt;
        copy.lastRewardRedeemedAt = lastRewardRedeemedAt;
        return copy;
    }

    /**
     * The counters of a new card of the template: zero, or the template's starting visits. The totals of rewards earned
     * and redeemed are not counted yet (null) until a reward is, as the contract's card example has none.
     */
    static WalletCardCounters issued(WalletTemplate template) {
        WalletCardCounters counters = new WalletCardCounters();
        boolean visitMechanics = template.mechanics() == WalletMechanics.VISIT;
        switch (template.type()) {
            case STAMP -> {
                counters.currentNumberOfUses = 0L;
                counters.numberStampsTotal = 0L;
                counters.numberRewardsUnused = 0L;
                counters.countVisits = visitMechanics ? 0L : null;
            }
            case CASHBACK -> {
                counters.balance = BigDecimal.ZERO;
                counters.bonusBalance = BigDecimal.ZERO;
            }
            case MULTIPASS -> {
                counters.bonusBalance = BigDecimal.ZERO;
                counters.currentNumberOfUses = template.startingVisits() == null ? 0L : template.startingVisits();
                counters.countVisits = 0L;
            }
            case COUPON -> counters.couponRedeemed = false;
            case DISCOUNT -> counters.bonusBalance = BigDecimal.ZERO;
            case GIFT -> counters.balance = BigDecimal.ZERO;
            case MEMBERSHIP -> {
                counters.countVisits = 0L;
                counters.currentNumberOfUses = template.withLimits() ? template.startingVisits() : null;
            }
            case REWARD -> {
                counters.bonusBalance = BigDecimal.ZERO;
                counters.countVisits = visitMechanics ? 0L : null;
            }
        }
        return counters;
    }

    /** The contract's example card: a Reward card with 240 points. */
    static WalletCardCounters example(WalletTemplate template) {
        WalletCardCounters counters = issued(template);
        counters.bonusBalance = new BigDecimal("240");
        return counters;
    }

    /**
     * Applies an operation the card's template accepts (the caller has checked {@link WalletCardOperation#accepts}).
     *
     * @throws WalletRefusal (422) when a counter would go below zero, the coupon is already redeemed, or the reward
     *         cannot be received
     */
    Applied apply(WalletCardOperation operation, WalletTemplate template, WalletOperationInput input, Instant now) {
        WalletCardCounters after = copy();
        BigDecimal quantity = input.quantity();
        WalletCardType type = template.type();
        return switch (operation) {
            case ADD_TRANSACTION_AMOUNT -> {
                after.balance = balance.add(quantity);
                yield new Applied(after, quantity, after.balance, null);
            }
            case SUBTRACT_TRANSACTION_AMOUNT -> {
                after.balance = minus(operation, "balance", balance, quantity);
                yield new Applied(after, quantity, after.balance, null);
            }
            case ADD_POINT, SUBTRACT_POINT -> {
                boolean adds = operation == WalletCardOperation.ADD_POINT;
                if (type == WalletCardType.GIFT) {
                    after.balance = adds ? balance.add(quantity) : minus(operation, "balance", balance, quantity);
                    yield new Applied(after, quantity, after.balance, null);
                }
                after.bonusBalance = adds ? bonusBalance.add(quantity) : minus(operation, "bonusBalance", bonusBalance, quantity);
                yield new Applied(after, quantity, after.bonusBalance, null);
            }
            case ADD_REWARD -> {
                long rewards = quantity.longValueExact();
                after.numberRewardsUnused = numberRewardsUnused + rewards;
                after.totalRewardsEarned = counted(totalRewardsEarned) + rewards;
                after.lastRewardEarnedAt = now;
                yield new Applied(after, quantity, BigDecimal.valueOf(after.numberRewardsUnused), null);
            }
            case SUBTRACT_REWARD -> {
                long rewards = quantity.longValueExact();
                after.numberRewardsUnused = minus(operation, "numberRewardsUnused", numberRewardsUnused, rewards);
                after.totalRewardsRedeemed = counted(totalRewardsRedeemed) + rewards;
                after.lastRewardRedeemedAt = now;
                yield new Applied(after, quantity, BigDecimal.valueOf(after.numberRewardsUnused), null);
            }
            case ADD_SCORES -> {
                after.bonusBalance = bonusBalance.add(quantity);
                yield new Applied(after, quantity, after.bonusBalance, null);
            }
            case SUBTRACT_SCORES -> {
                after.bonusBalance = minus(operation, "bonusBalance", bonusBalance, quantity);
                yield new Applied(after, quantity, after.bonusBalance, null);
            }
            case ADD_STAMP -> {
                after.addStamps(quantity.longValueExact(), now);
                yield new Applied(after, quantity, BigDecimal.valueOf(after.currentNumberOfUses), null);
            }
            case SUBTRACT_STAMP -> {
                after.currentNumberOfUses = minus(operation, "currentNumberOfUses", currentNumberOfUses, quantity.longValueExact());
                yield new Applied(after, quantity, BigDecimal.valueOf(after.currentNumberOfUses), null);
            }
            case ADD_VISIT -> addVisits(after, type, quantity, now);
            case SUBTRACT_VISIT -> {
                long visits = quantity.longValueExact();
                after.currentNumberOfUses = minus(operation, "currentNumberOfUses", currentNumberOfUses, visits);
                after.countVisits = countVisits + visits;
                yield new Applied(after, quantity, BigDecimal.valueOf(after.currentNumberOfUses), null);
            }
            case ADD_PURCHASE, SUBTRACT_PURCHASE -> {
                boolean adds = operation == WalletCardOperation.ADD_PURCHASE;
                if (type == WalletCardType.STAMP) {
                    if (adds) {
                        after.addStamps(1, now);
                    } else {
                        after.currentNumberOfUses = minus(operation, "currentNumberOfUses", currentNumberOfUses, 1);
                    }
                    yield new Applied(after, quantity, BigDecimal.valueOf(after.currentNumberOfUses), null);
                }
                after.bonusBalance = adds ? bonusBalance.add(quantity) : minus(operation, "bonusBalance", bonusBalance, quantity);
                yield new Applied(after, quantity, after.bonusBalance, null);
            }
            case RECEIVE_REWARD -> {
                WalletRewardTier tier = rewardTier(template, input.rewardTierId());
                after.bonusBalance = bonusBalance.subtract(tier.threshold());
                after.totalRewardsRedeemed = counted(totalRewardsRedeemed) + 1;
                after.lastRewardRedeemedAt = now;
                yield new Applied(after, tier.threshold(), after.bonusBalance, tier.id());
            }
            case REDEEM_COUPON -> {
                if (couponRedeemed) {
                    throw WalletRefusal.refused("redeem-coupon: the coupon is already redeemed (a coupon redeems once)");
                }
                after.couponRedeemed = true;
                yield new Applied(after, BigDecimal.ONE, BigDecimal.ZERO, null);
            }
        };
    }

    private Applied addVisits(WalletCardCounters after, WalletCardType type, BigDecimal quantity, Instant now) {
        long visits = quantity.longValueExact();
        switch (type) {
            case MULTIPASS -> {
                after.currentNumberOfUses = currentNumberOfUses + visits;
                return new Applied(after, quantity, BigDecimal.valueOf(after.currentNumberOfUses), null);
            }
            case STAMP -> {
                after.countVisits = countVisits + visits;
                after.addStamps(visits, now);
                return new Applied(after, quantity, BigDecimal.valueOf(after.currentNumberOfUses), null);
            }
            case REWARD -> {
                after.countVisits = countVisits + visits;
                after.bonusBalance = bonusBalance.add(quantity);
                return new Applied(after, quantity, after.bonusBalance, null);
            }
            default -> { // Membership without limits
                after.countVisits = countVisits + visits;
                return new Applied(after, quantity, BigDecimal.valueOf(after.countVisits), null);
            }
        }
    }

    private void addStamps(long stamps, Instant now) {
        currentNumberOfUses += stamps;
        numberStampsTotal += stamps;
        lastStampEarnedAt = now;
    }

    /**
     * The tier to receive: the one named, or (id null) the cheapest the card can receive.
     *
     * @throws WalletRefusal (422) when the template has no such tier, or the balance does not reach it
     */
    private WalletRewardTier rewardTier(WalletTemplate template, Long id) {
        WalletRewardTier tier;
        if (id == null) {
            tier = available(template).stream().findFirst().orElseThrow(() -> WalletRefusal.refused(
                    "receive-reward: the card has no unused reward (bonusBalance " + bonusBalance.toPlainString()
                            + " reaches no reward tier of template " + template.id() + ")"));
        } else {
            tier = template.rewardTiers().stream().filter(candidate -> candidate.id() == id).findFirst()
                    .orElseThrow(() -> WalletRefusal.refused("receive-reward: template " + template.id() + " has no reward tier " + id));
        }
        if (bonusBalance.compareTo(tier.threshold()) < 0) {
            throw WalletRefusal.refused("receive-reward: the card has no unused reward " + tier.id() + " (it needs "
                    + tier.threshold().toPlainString() + ", bonusBalance is " + bonusBalance.toPlainString() + ")");
        }
        return tier;
    }

    /** The template's reward tiers the card's bonusBalance reaches, cheapest first (a Reward card's available rewards). */
    List<WalletRewardTier> available(WalletTemplate template) {
        if (template.type() != WalletCardType.REWARD || bonusBalance == null) {
            return List.of();
        }
        return template.rewardTiers().stream().filter(tier -> bonusBalance.compareTo(tier.threshold()) >= 0)
                .sorted(Comparator.comparing(WalletRewardTier::threshold)).toList();
    }

    /** A total counts from its first reward: until then the card has none (null), which counts as 0. */
    private static long counted(Long total) {
        return total == null ? 0 : total;
    }

    private static BigDecimal minus(WalletCardOperation operation, String counter, BigDecimal current, BigDecimal quantity) {
        BigDecimal result = current.subtract(quantity);
        if (result.signum() < 0) {
            throw belowZero(operation, counter, current.toPlainString(), quantity.toPlainString());
        }
        return result;
    }

    private static long minus(WalletCardOperation operation, String counter, long current, long quantity) {
        if (quantity > current) {
            throw belowZero(operation, counter, String.valueOf(current), String.valueOf(quantity));
        }
        return current - quantity;
    }

    private static WalletRefusal belowZero(WalletCardOperation operation, String counter, String current, String quantity) {
        return WalletRefusal.refused(operation.path() + " would take the card's " + counter + " below zero (it is " + current
                + ", the operation subtracts " + quantity + ")");
    }

    /** Money balance: Cashback, Gift. */
    public BigDecimal balance() {
        return balance;
    }

    /** Points or scores: Cashback, Discount, Multipass, Reward (whatever its mechanics count). */
    public BigDecimal bonusBalance() {
        return bonusBalance;
    }

    /** Stamps on a Stamp card; visits left on a Multipass or a Membership with limits. */
    public Long currentNumberOfUses() {
        return currentNumberOfUses;
    }

    public Long numberStampsTotal() {
        return numberStampsTotal;
    }

    /** A Stamp card's rewards not yet used (a Reward card's are derived from its tiers when rendered). */
    public Long numberRewardsUnused() {
        return numberRewardsUnused;
    }

    /** Visits made: Multipass, Membership, Stamp and Reward with visit mechanics. */
    public Long countVisits() {
        return countVisits;
    }

    public Boolean couponRedeemed() {
        return couponRedeemed;
    }

    /** Rewards a Stamp card earned; null until its first. */
    public Long totalRewardsEarned() {
        return totalRewardsEarned;
    }

    /** Rewards a Stamp or Reward card redeemed; null until its first. */
    public Long totalRewardsRedeemed() {
        return totalRewardsRedeemed;
    }

    public Instant lastStampEarnedAt() {
        return lastStampEarnedAt;
    }

    public Instant lastRewardEarnedAt() {
        return lastRewardEarnedAt;
    }

    public Instant lastRewardRedeemedAt() {
        return lastRewardRedeemedAt;
    }
}
