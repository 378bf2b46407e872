package org.loyaltyhub.mapping.fastpath;

import java.util.function.Function;

/**
 * A function the hub registers in every mapping besides JSONata's own ({@code $decimalAdd}, ...), as the fast path calls
 * it. How it is registered with the interpreter decides what a failure looks like, so the fast path keeps that too:
 * a plain lambda ({@code Jsonata.Fn1}/{@code Fn2}) lets every exception through as it is; a function object
 * ({@code Jsonata.function(...)}) wraps what is not a runtime exception in one.
 */
public final class HostFunction {

    private final int arity;
    private final boolean functionObject;
    private final Function<Object[], Object> body;

    private HostFunction(int arity, boolean functionObject, Function<Object[], Object> body) {
        this.arity = arity;
        this.functionObject = functionObject;
        this.body = body;
    }

    /** Registered as a {@code Jsonata.Fn1}/{@code Fn2} lambda. */
    public static HostFunction lambda(int arity, Function<Object[], Object> body) {
        return new HostFunction(arity, false, body);
    }

    /** Registered as a function object without a signature. */
    public static HostFunction functionObject(int arity, Function<Object[], Object> body) {
        return new HostFunction(arity, true, body);
    }

    /** The number of arguments; a call with any other number stays on the interpreter. */
    int arity() {
        return arity;
    }

    boolean functionObject() {
        return functionObject;
    }

    Object call(Object[] args) {
        return body.apply(args);
    }
}
