package org.loyaltyhub.sandbox.promo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The profiles and promo codes of the promo sandbox, in memory, and the attach rules of the vendor document
 * (NOTES.md gives the reading of each). Thread-safe (every method is synchronized; attaching is one check-and-set).
 * <ul>
 * <li>With a code (loyalty_id plays no part): unknown → imported into the request's loyalty program, its multiple
 * usage restricted, and attached; known and attached to nobody → attached; attached to any profile with multiple
 * usage restricted → {@link PromoError#ALREADY_ATTACHED}; a code whose multiple usage is not restricted is attached
 * to any number of profiles (to the same profile again: no change, success).</li>
 * <li>Without a code: a code of the loyalty program that is attached to nobody, oldest first; none →
 * {@link PromoError#NO_FREE_CODE}.</li>
 * </ul>
 * Seeded with the vendor document's example profile and code, so its examples succeed, and a few more.
 */
@Component
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public class PromoCodeBook {

    /** A customer profile: id, e-mail (matched ignoring case), phone and custom database fields. */
    public record PromoProfile(String profileId, String email, String phone, Map<String, String> fields) {

        public PromoProfile {
            fields = Map.copyOf(fields);
        }
    }

    /** A promo code of a loyalty program and the profiles it is attached to. */
    public record PromoCode(String code, long loyaltyId, boolean multipleUse, Set<String> profileIds) {

        public PromoCode {
            profileIds = Set.copyOf(profileIds);
        }

        PromoCode attachedTo(String profileId) {
            Set<String> ids = new LinkedHashSet<>(profileIds);
            ids.add(profileId);
            return new PromoCode(code, loyaltyId, multipleUse, ids);
        }
    }

    /** What an attach did. */
    public record Attachment(String code, String profileId, boolean imported) {
    }

    private final List<PromoProfile> profiles = new ArrayList<>();
    /** The body format of every attach request received, in order (json or xml), for tests and the curious. */
    private final List<String> requestFormats = new ArrayList<>();
    private final Map<String, PromoCode> codes = new LinkedHashMap<>(); // insertion order: "oldest first" without a code

    public PromoCodeBook() {
        reset();
    }

    /** Back to the seeded profiles and codes. */
    public synchronized void reset() {
        profiles.clear();
        codes.clear();
        // the document's example profile (profile_id, email and phone of its parameter table; the contract's custom field)
        profiles.add(new PromoProfile("abcdefghijklmnqrstuvwxyz", "john@example.com", "+79000000000",
                Map.of("card_number", "0012345")));
        profiles.add(new PromoProfile("p-1001", "alice@example.com", "+37360000001", Map.of("card_number", "0000001")));
        profiles.add(new PromoProfile("p-1002", "bob@example.com", "+37360000002", Map.of("card_number", "0000002")));
        // loyalty program 1: three free codes; 5: the document's CODE-1 and one more; 2: nothing free
        for (String code : List.of("WELCOME-001", "WELCOME-002", "WELCOME-003")) {
            add(new PromoCode(code, 1, false, Set.of()));
        }
        add(new PromoCode("CODE-1", 5, false, Set.of()));
        add(new PromoCode("CODE-2", 5, false, Set.of()));
        add(new PromoCode("USED-001", 2, false, Set.of("p-1002")));
        add(new PromoCode("SHARED-10", 2, true, Set.of("p-1002")));
    }

    synchronized void received(boolean xml) {
        requestFormats.add(xml ? "xml" : "json");
    }

    /** The body formats of the attach requests received so far. */
    public synchronized List<String> requestFormats() {
        return List.copyOf(requestFormats);
    }

    /** Adds (or replaces) a code, for tests and seeds. */
    public synchronized void add(PromoCode code) {
        codes.put(code.code(), code);
    }

    public synchronized Optional<PromoCode> find(String code) {
        return Optional.ofNullable(codes.get(code));
    }

    /** The codes attached to the profile, in the order added. */
    public synchronized List<String> codesOf(String profileId) {
        return codes.values().stream().filter(code -> code.profileIds().contains(profileId)).map(PromoCode::code).toList();
    }

    /**
     * The profile the request's matching mode finds: profile_id and phone exactly, email ignoring case, custom by the
     * named field's value; nothing when the mode's identifier is absent (a request without matching and profile_id).
     */
    public synchronized Optional<PromoProfile> match(PromoAttachRequest request) {
        return profiles.stream().filter(profile -> switch (request.matchingMode()) {
            case "profile_id" -> profile.profileId().equals(request.profileId());
            case "email" -> request.email() != null && profile.email() != null
                    && profile.email().toLowerCase(Locale.ROOT).equals(request.email().toLowerCase(Locale.ROOT));
            case "phone" -> profile.phone() != null && profile.phone().equals(request.phone());
            case "custom" -> request.fieldValue() != null && request.fieldValue().equals(profile.fields().get(request.fieldName()));
            default -> false;
        }).findFirst();
    }

    /**
     * Attaches the request's code, or a free one of its loyalty program, to the profile it matches.
     *
     * @throws PromoRefusal profile not found, already attached, or no free code
     */
    public synchronized Attachment attach(PromoAttachRequest request) {
        PromoProfile profile = match(request).orElseThrow(() -> new PromoRefusal(PromoError.PROFILE_NOT_FOUND,
                "no profile with " + request.matchingMode() + " " + identifier(request)));
        String profileId = profile.profileId();
        if (request.code() == null) {
            PromoCode free = codes.values().stream()
                    .filter(code -> code.loyaltyId() == request.loyaltyId() && code.profileIds().isEmpty())
                    .findFirst()
                    .orElseThrow(() -> new PromoRefusal(PromoError.NO_FREE_CODE, "loyalty program " + request.loyaltyId()));
            codes.put(free.code(), free.attachedTo(profileId));
            return new Attachment(free.code(), profileId, false);
        }
        PromoCode known = codes.get(request.code());
        if (known == null) {
            codes.put(request.code(), new PromoCode(request.code(), request.loyaltyId(), false, Set.of(profileId)));
            return new Attachment(request.code(), profileId, true);
        }
        if (!known.multipleUse() && !known.profileIds().isEmpty()) {
            throw new PromoRefusal(PromoError.ALREADY_ATTACHED, request.code()
                    + (known.profileIds().contains(profileId) ? " is attached to this profile" : " is attached to another profile"));
        }
        codes.put(known.code(), known.attachedTo(profileId));
        return new Attachment(known.code(), profileId, false);
    }

    private static String identifier(PromoAttachRequest request) {
        return switch (request.matchingMode()) {
            case "profile_id" -> request.profileId();
            case "email" -> request.email();
            case "phone" -> request.phone();
            default -> request.fieldName() + "=" + request.fieldValue();
        };
    }
}
