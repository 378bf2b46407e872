package org.loyaltyhub.mapping.fastpath;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the subset's tree into evaluators. Variables are resolved here: a block's statements run in order and a
 * binding is one of them, so a variable read after {@code $x := ...} in the same block (or a block inside it) is that
 * block's, and one read before it is whatever the enclosing blocks or the evaluation bind, as the interpreter's
 * frames find it.
 */
final class Compiler {

    private final Map<String, HostFunction> hostFunctions;
    private final Set<String> calledFunctions = new HashSet<>();
    private int slots;

    /** The variables a block has bound so far, by name. */
    private static final class Scope {
        final Scope enclosing;
        final Map<String, Integer> bound = new HashMap<>();

        Scope(Scope enclosing) {
            this.enclosing = enclosing;
        }

        Integer slotOf(String name) {
            for (Scope scope = this; scope != null; scope = scope.enclosing) {
                Integer slot = scope.bound.get(name);
                if (slot != null) {
                    return slot;
                }
            }
            return null;
        }
    }

    private Compiler(Map<String, HostFunction> hostFunctions) {
        this.hostFunctions = hostFunctions;
    }

    static FastExpression expression(Ast tree, Map<String, HostFunction> hostFunctions) {
        Compiler compiler = new Compiler(hostFunctions);
        // a binding that is the whole expression binds in the evaluation's own frame, which nothing reads afterwards
        Evaluator root = compiler.compile(tree instanceof Ast.Bind bind ? bind.value() : tree, (Scope) null);
        return new FastExpression(root, compiler.slots, compiler.calledFunctions);
    }

    private Evaluator compile(Ast tree, Scope scope) {
        if (tree instanceof Ast.Literal literal) {
            return new Evaluators.Literal(literal.value());
        }
        if (tree instanceof Ast.Path path) {
            return path(path, scope);
        }
        if (tree instanceof Ast.Variable variable) {
            Evaluators.Unwrapped value = variable(variable.name(), scope);
            return variable.indexes().isEmpty() ? value : new Evaluators.Indexed(value, variable.indexes());
        }
        if (tree instanceof Ast.ArrayConstructor array) {
            Evaluators.ArrayConstructor constructor = new Evaluators.ArrayConstructor(all(array.items(), scope), array.nested());
            if (array.indexes().size() == 1 && array.indexes().get(0).intValue() >= 0) {
                return new Evaluators.PickFromArray(constructor, array.indexes().get(0).intValue());
            }
            return array.indexes().isEmpty() ? constructor : new Evaluators.Indexed(constructor, array.indexes());
        }
        if (tree instanceof Ast.ObjectConstructor object) {
            return object(object, scope);
        }
        if (tree instanceof Ast.Condition condition) {
            return new Evaluators.Condition(compile(condition.condition(), scope), compile(condition.then(), scope),
                    condition.otherwise() == null ? null : compile(condition.otherwise(), scope));
        }
        if (tree instanceof Ast.Block block) {
            return block(block, scope);
        }
        if (tree instanceof Ast.Bind) {
            throw new UnsupportedExpression("a binding that is not a statement of a block");
        }
        if (tree instanceof Ast.Binary binary) {
            return binary(binary, scope);
        }
        if (tree instanceof Ast.Negation negation) {
            return new Evaluators.Negation(compile(negation.operand(), scope), negation.position());
        }
        if (tree instanceof Ast.Call call) {
            return call(call, scope);
        }
        throw new UnsupportedExpression(tree.getClass().getSimpleName());
    }

    private List<Evaluator> all(List<Ast> trees, Scope scope) {
        List<Evaluator> compiled = new ArrayList<>();
        for (Ast tree : trees) {
            compiled.add(compile(tree, scope));
        }
        return compiled;
    }

    private Evaluator path(Ast.Path path, Scope scope) {
        List<Ast.Step> rest = path.steps().subList(1, path.steps().size());
        boolean fromName = path.steps().get(0) instanceof Ast.NameStep;
        if (rest.stream().allMatch(Ast.NameStep.class::isInstance) && (fromName || !rest.isEmpty())) {
            List<String> names = new ArrayList<>();
            Evaluators.Unwrapped variable = null;
            if (path.steps().get(0) instanceof Ast.VariableStep first) {
                variable = variable(first.name(), scope);
            } else {
                names.add(((Ast.NameStep) path.steps().get(0)).name());
            }
            rest.forEach(step -> names.add(((Ast.NameStep) step).name()));
            return new Evaluators.NamePath(variable, names);
        }
        List<Evaluator> steps = new ArrayList<>();
        for (Ast.Step step : path.steps()) {
            if (step instanceof Ast.NameStep name) {
                steps.add(new Evaluators.Name(name.name()));
            } else {
                steps.add(variable(((Ast.VariableStep) step).name(), scope));
            }
        }
        return new Evaluators.Path(steps, path.steps().get(0) instanceof Ast.VariableStep);
    }

    private Evaluators.Unwrapped variable(String name, Scope scope) {
        if (name.isEmpty()) {
            return new Evaluators.ContextItem();
        }
        Integer slot = scope == null ? null : scope.slotOf(name);
        if (slot != null) {
            return new Evaluators.Slot(slot);
        }
        if (hostFunctions.containsKey(name) || Builtins.isDefined(name)) {
            throw new UnsupportedExpression("the function $" + name + " used as a value");
        }
        return new Evaluators.ContextVariable(name);
    }

    private Evaluator object(Ast.ObjectConstructor object, Scope scope) {
        List<Evaluator> values = all(object.values(), scope);
        List<String> names = new ArrayList<>();
        for (Ast key : object.keys()) {
            if (key instanceof Ast.Literal literal && literal.value() instanceof String name && !names.contains(name)) {
                names.add(name);
            } else {
                return new Evaluators.ObjectConstructor(all(object.keys(), scope), values, 0);
            }
        }
        return new Evaluators.ObjectOfNamedFields(names, values);
    }

    private Evaluator block(Ast.Block block, Scope enclosing) {
        Scope scope = new Scope(enclosing);
        List<Evaluator> statements = new ArrayList<>();
        for (Ast statement : block.statements()) {
            if (statement instanceof Ast.Bind bind) {
                if (bind.name().isEmpty() || bind.name().equals("$")) {
                    throw new UnsupportedExpression("a binding of $ or $$");
                }
                Evaluator value = compile(bind.value(), scope);
                int slot = slots++;
                scope.bound.put(bind.name(), slot);
                statements.add(new Evaluators.Bind(slot, value));
            } else {
                statements.add(compile(statement, scope));
            }
        }
        return new Evaluators.Block(statements);
    }

    private Evaluator binary(Ast.Binary binary, Scope scope) {
        Evaluator left = compile(binary.left(), scope);
        Evaluator right = compile(binary.right(), scope);
        return switch (binary.operator()) {
            case "=" -> new Evaluators.Equality(left, right, true);
            case "!=" -> new Evaluators.Equality(left, right, false);
            case "<", "<=", ">", ">=" -> new Evaluators.Comparison(left, right, binary.operator());
            case "&" -> new Evaluators.Concatenation(left, right);
            case "in" -> new Evaluators.Includes(left, right);
            case "and" -> new Evaluators.Logical(left, right, true, binary.position());
            case "or" -> new Evaluators.Logical(left, right, false, binary.position());
            case "+", "-", "*", "/", "%" -> new Evaluators.Arithmetic(left, right, binary.operator().charAt(0));
            default -> throw new UnsupportedExpression("the operator " + binary.operator());
        };
    }

    private Evaluator call(Ast.Call call, Scope scope) {
        String name = call.name();
        if (scope != null && scope.slotOf(name) != null) {
            throw new UnsupportedExpression("a call of the variable $" + name);
        }
        List<Evaluator> arguments = all(call.arguments(), scope);
        Evaluators.Unwrapped compiled;
        HostFunction host = hostFunctions.get(name);
        if (host != null) {
            if (host.arity() != arguments.size()) {
                throw new UnsupportedExpression("$" + name + " with " + arguments.size() + " arguments");
            }
            compiled = new Evaluators.HostCall(host, arguments, call.position());
            calledFunctions.add(name);
        } else {
            Builtins.Builtin builtin = Builtins.forCall(name, arguments.size())
                    .orElseThrow(() -> new UnsupportedExpression("the function $" + name));
            calledFunctions.add(name);
            // the two commonest calls, without the general call's argument array and checks
            if (call.indexes().isEmpty() && arguments.size() == 1 && name.equals("exists")) {
                return new Evaluators.Exists(arguments.get(0));
            }
            if (call.indexes().isEmpty() && arguments.size() == 1 && name.equals("string")) {
                return new Evaluators.StringOf(arguments.get(0), builtin, call.position());
            }
            compiled = new Evaluators.BuiltinCall(builtin, arguments, call.position());
        }
        return call.indexes().isEmpty() ? compiled : new Evaluators.Indexed(compiled, call.indexes());
    }
}
