package org.loyaltyhub.sandbox.wallet;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code page} / {@code itemsPerPage} of a wallet list call. The vendor documents no default or maximum
 * (NOTES.md, wallet); the sandbox takes page 1 and {@value #DEFAULT_ITEMS_PER_PAGE} items (the contract examples'
 * {@code itemsPerPage}), at most {@value #MAX_ITEMS_PER_PAGE}. A value that is not an integer, is below 1 or is above the
 * maximum is refused (422) rather than corrected, so a client that pages wrongly finds out; a page past the end is
 * empty.
 */
record WalletPaging(int page, int itemsPerPage) {

    static final int DEFAULT_ITEMS_PER_PAGE = 30;
    static final int MAX_ITEMS_PER_PAGE = 100;

    /** Reads the two parameters into {@code query}, which collects their problems (the caller finishes it). */
    static WalletPaging read(WalletQuery query, String page, String itemsPerPage) {
        Long pageNumber = query.positiveInteger("page", page);
        if (pageNumber != null && pageNumber > Integer.MAX_VALUE) {
            query.problem("page", "must be at most " + Integer.MAX_VALUE + ", was " + pageNumber);
            pageNumber = null;
        }
        Long size = query.positiveInteger("itemsPerPage", itemsPerPage);
        if (size != null && size > MAX_ITEMS_PER_PAGE) {
            query.problem("itemsPerPage", "must be at most " + MAX_ITEMS_PER_PAGE + ", was " + size);
            size = null;
        }
        return new WalletPaging(pageNumber == null ? 1 : pageNumber.intValue(), size == null ? DEFAULT_ITEMS_PER_PAGE : size.intValue());
    }

    <T> List<T> slice(List<T> all) {
        long from = (long) (page - 1) * itemsPerPage;
        return all.stream().skip(from).limit(itemsPerPage).toList();
    }

    /** The list envelope's {@code meta}. */
    ObjectNode meta(int totalItems) {
        return WalletJson.object().put("currentPage", page).put("itemsPerPage", itemsPerPage).put("totalItems", totalItems);
    }
}
