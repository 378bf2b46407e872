package org.loyaltyhub.mapping.fastpath;

/** The expression uses something outside the fast path's subset: it stays on the interpreter. */
final class UnsupportedExpression extends RuntimeException {

    UnsupportedExpression(String what) {
        super(what, null, false, false);
    }
}
