package org.loyaltyhub.canonical;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Defensive copies for the records' collections. */
final class CanonicalCollections {

    private CanonicalCollections() {
    }

    /**
     * An unmodifiable copy sorted by key, or {@code null}. Sorted so that equal records always serialise to the
     * same JSON, which change detection compares.
     */
    static <V> Map<String, V> sortedCopy(Map<String, V> map) {
        return map == null ? null : Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** An unmodifiable copy in the same order, or {@code null}. */
    static <E> List<E> copy(List<E> list) {
        return list == null ? null : List.copyOf(list);
    }
}
