package org.loyaltyhub.sandbox.wallet;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code page} / {@code itemsPerPage} of a wallet list call (NOTES.md, "Paging"). Without them a list answers page 1
 * of {@value #DEFAULT_ITEMS_PER_PAGE} items, the {@code itemsPerPage} of every list example of the contract. The
 * contract sets only a minimum of 1 ("The pagination defaults and maximum are unknown", contracts/NOTES.md), so the
 * sandbox sets no maximum; a value that is not an integer or is below 1 is refused (422) rather than corrected, so
 * that a client paging wrongly finds out. A page past the end is empty.
 */
record WalletPaging(long page, long itemsPerPage) {

    static final int DEFAULT_ITEMS_PER_PAGE = 30;

    /** Reads the two parameters into {@code query}, which collects their problems (the caller finishes it). */
    static WalletPaging read(WalletQuery query, String page, String itemsPerPage) {
        Long pageNumber = query.positiveInteger("page", page);
        Long size = query.positiveInteger("itemsPerPage", itemsPerPage);
        return new WalletPaging(pageNumber == null ? 1 : pageNumber, size == null ? DEFAULT_ITEMS_PER_PAGE : size);
    }

    <T> List<T> slice(List<T> all) {
        boolean pastTheEnd = page - 1 > all.size() / itemsPerPage; // before multiplying, which could overflow
        return pastTheEnd ? List.of() : all.stream().skip((page - 1) * itemsPerPage).limit(itemsPerPage).toList();
    }

    /** The list envelope's {@code meta}. */
    ObjectNode meta(int totalItems) {
        return WalletJson.object().put("currentPage", page).put("itemsPerPage", itemsPerPage).put("totalItems", totalItems);
    }
}
