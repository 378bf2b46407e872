package org.loyaltyhub.mapping.fastpath;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * JSONata's own functions as the fast path calls them. Every call can go the interpreter's way: its own function
 * object validates the arguments against the signature and calls the implementation. For the common functions with
 * arguments of the plain types their signature takes as they are, the call goes straight to the same public
 * implementation in {@link Functions}, without the signature's regular expressions and the reflection; the result
 * is the same, numbers normalised as the interpreter normalises a function's number.
 */
final class Builtins {

    private Builtins() {
    }

    /**
     * Functions without side effects, that take no function and need nothing of the interpreter's state: the
     * others (higher-order functions, {@code $now}, {@code $random}, {@code $eval}, ...) keep a mapping on the
     * interpreter.
     */
    private static final Set<String> CALLABLE = Set.of("sum", "count", "max", "min", "average", "string", "substring",
            "substringBefore", "substringAfter", "lowercase", "uppercase", "length", "trim", "pad", "contains", "split", "join",
            "replace", "formatNumber", "formatBase", "formatInteger", "parseInteger", "number", "floor", "ceil", "round", "abs",
            "sqrt", "power", "boolean", "not", "keys", "lookup", "append", "exists", "spread", "merge", "reverse", "error",
            "assert", "type", "distinct", "base64encode", "base64decode", "encodeUrlComponent", "encodeUrl",
            "decodeUrlComponent", "decodeUrl", "toMillis", "fromMillis");

    /** A direct call, for arguments that the function's signature takes unchanged. */
    private record Direct(int arity, Predicate<Object[]> takes, Function<Object[], Object> body) {
    }

    /** The functions with a direct call, and their arities. */
    static Map<String, List<Integer>> direct() {
        Map<String, List<Integer>> arities = new java.util.TreeMap<>();
        DIRECT.forEach((name, direct) -> arities.put(name, List.of(direct.arity())));
        arities.put("substring", List.of(2, 3));
        return arities;
    }

    private static final Map<String, Direct> DIRECT = Map.ofEntries(
            Map.entry("exists", new Direct(1, args -> true, args -> Functions.exists(args[0]))),
            Map.entry("string", new Direct(1, args -> scalar(args[0]), args -> Functions.string(args[0], null))),
            Map.entry("number", new Direct(1, args -> scalar(args[0]), args -> number(Functions.number(args[0])))),
            Map.entry("boolean", new Direct(1, args -> scalar(args[0]), args -> Functions.toBoolean(args[0]))),
            Map.entry("not", new Direct(1, args -> scalar(args[0]), args -> Functions.not(args[0]))),
            Map.entry("type", new Direct(1, args -> value(args[0]), args -> Functions.type(args[0]))),
            Map.entry("count", new Direct(1, args -> args[0] instanceof List<?>,
                    args -> number(Functions.count(list(args[0]))))),
            Map.entry("lookup", new Direct(2, args -> args[0] instanceof Map<?, ?> && args[1] instanceof String,
                    args -> number(Functions.lookup(args[0], (String) args[1])))),
            Map.entry("lowercase", new Direct(1, args -> args[0] instanceof String, args -> Functions.lowercase((String) args[0]))),
            Map.entry("uppercase", new Direct(1, args -> args[0] instanceof String, args -> Functions.uppercase((String) args[0]))),
            Map.entry("trim", new Direct(1, args -> args[0] instanceof String, args -> Functions.trim((String) args[0]))),
            Map.entry("length", new Direct(1, args -> args[0] instanceof String, args -> number(Functions.length((String) args[0])))),
            Map.entry("error", new Direct(1, args -> args[0] instanceof String, args -> {
                throw error((String) args[0]);
            })));

    /** {@code $substring} takes two or three arguments. */
    private static final Direct SUBSTRING_2 = new Direct(2, args -> args[0] instanceof String && plainNumber(args[1]),
            args -> Functions.substring((String) args[0], (Number) args[1], null));
    private static final Direct SUBSTRING_3 = new Direct(3,
            args -> args[0] instanceof String && plainNumber(args[1]) && plainNumber(args[2]),
            args -> Functions.substring((String) args[0], (Number) args[1], (Number) args[2]));

    /** A JSONata function at one call site. */
    static final class Builtin {
        private final Jsonata.JFunction function;
        private final Direct direct;

        private Builtin(Jsonata.JFunction function, Direct direct) {
            this.function = function;
            this.direct = direct;
        }

        /** The call's result before unwrapping; {@code input} the context item, which a signature may take for an argument. */
        Object call(Object[] args, Object input, int position) {
            try {
                if (direct(args)) {
                    return callDirectly(args);
                }
                return callAsInterpreter(args, input);
            } catch (JException e) {
                throw locate(e, position);
            }
        }

        /** Whether these arguments go straight to the implementation. */
        boolean direct(Object[] args) {
            return direct != null && direct.takes().test(args);
        }

        Object callDirectly(Object[] args) {
            try {
                return direct.body().apply(args);
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new RuntimeException(e); // as the interpreter's function object wraps it
            }
        }

        /** As the interpreter calls it: the signature validates (and may add the context), the function object calls. */
        Object callAsInterpreter(Object[] args, Object input) {
            Object validated = function.validate(new ArrayList<>(Arrays.asList(args)), input);
            return function.call(input, (List<?>) validated);
        }
    }

    /** The function for a call site with {@code arity} arguments, or empty when it is not one the fast path calls. */
    static Optional<Builtin> forCall(String name, int arity) {
        if (!CALLABLE.contains(name) || !(Environment.lookup(name) instanceof Jsonata.JFunction function)) {
            return Optional.empty();
        }
        Direct direct = name.equals("substring") ? (arity == 2 ? SUBSTRING_2 : arity == 3 ? SUBSTRING_3 : null) : DIRECT.get(name);
        return Optional.of(new Builtin(function, direct != null && direct.arity() == arity ? direct : null));
    }

    /** Whether the interpreter's environment has something under this name (a function), which a variable would mean. */
    static boolean isDefined(String name) {
        return Environment.lookup(name) != null;
    }

    /** A JSONata error of a function call is at the call, unless it already says where it is. */
    static JException locate(JException e, int position) {
        if (e.getLocation() >= 0) {
            return e;
        }
        return new JException(e.getCause(), e.getError(), position, e.getCurrent(), e.getExpected());
    }

    private static JException error(String message) {
        try {
            Functions.error(message);
        } catch (JException e) {
            return e;
        } catch (Throwable e) {
            throw new IllegalStateException("$error did not raise a JSONata error", e);
        }
        throw new IllegalStateException("$error returned");
    }

    private static Object number(Object result) {
        return result instanceof Number n ? Utils.convertNumber(n) : result;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private static boolean plainNumber(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Double;
    }

    private static boolean scalar(Object value) {
        return value instanceof String || value instanceof Boolean || plainNumber(value);
    }

    private static boolean value(Object value) {
        return value == null || value == Jsonata.NULL_VALUE || scalar(value) || value instanceof Map<?, ?> || value instanceof List<?>;
    }

    /**
     * What the interpreter finds under a name outside any expression's own variables: its functions. Asked on a
     * thread of its own, since making an interpreter expression makes it its thread's current one.
     */
    private static final class Environment {

        private static final Object NOTHING = new Object();
        private static final Map<String, Object> FOUND = new ConcurrentHashMap<>();
        /** One thread at a time, gone when idle: names are asked at load, rarely after. */
        private static final ExecutorService ASKING = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "jsonata-environment");
                    thread.setDaemon(true);
                    return thread;
                });

        static Object lookup(String name) {
            Object found = FOUND.computeIfAbsent(name, Environment::ask);
            return found == NOTHING ? null : found;
        }

        private static Object ask(String name) {
            if (name.isEmpty() || !name.chars().allMatch(Character::isJavaIdentifierPart)) {
                return NOTHING;
            }
            try {
                Object found = ASKING.submit(() -> Jsonata.jsonata("$" + name).evaluate(null)).get();
                return found == null ? NOTHING : found;
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot look up $" + name, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted looking up $" + name, e);
            }
        }
    }
}
