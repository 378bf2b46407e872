package org.loyaltyhub.sandbox.promo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code error} number the promo sandbox answers for each outcome: 0 for success (the document's), and for each
 * refusal the sandbox's own number, {@code hub.sandbox.promo.errors.<key>} or its default ({@link PromoError}). A
 * test can so give the sandbox other numbers than the ones the hub is configured with, and see that the hub
 * depends on none of them.
 */
public final class PromoErrorNumbers {

    private final Map<PromoError, Integer> numbers = new EnumMap<>(PromoError.class);

    /**
     * @param configured refusal key → number, e.g. {@code no-free-code → 7}; null or empty for the defaults
     * @throws IllegalArgumentException for an unknown key, 0 (success) or two refusals sharing a number
     */
    public PromoErrorNumbers(Map<String, Integer> configured) {
        Map<String, Integer> given = new HashMap<>(configured == null ? Map.of() : configured);
        List<String> problems = new ArrayList<>();
        Map<Integer, PromoError> byNumber = new HashMap<>();
        for (PromoError outcome : PromoError.values()) {
            Integer number = outcome.key() == null ? Integer.valueOf(outcome.defaultNumber()) : given.remove(outcome.key());
            int chosen = number == null ? outcome.defaultNumber() : number;
            if (outcome != PromoError.SUCCESS && chosen == 0) {
                problems.add(outcome.key() + ": 0 is the document's success");
            }
            PromoError before = byNumber.putIfAbsent(chosen, outcome);
            if (before != null && chosen != 0) {
                problems.add(outcome.key() + ": " + chosen + " is " + before.key() + "'s already");
            }
            numbers.put(outcome, chosen);
        }
        given.keySet().forEach(unknown -> problems.add(unknown + ": no such outcome (" + Arrays.stream(PromoError.values())
                .map(PromoError::key).filter(key -> key != null).toList() + ")"));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("hub.sandbox.promo.errors is invalid: " + String.join("; ", problems));
        }
    }

    public int of(PromoError outcome) {
        return numbers.get(outcome);
    }
}
