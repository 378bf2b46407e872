package org.loyaltyhub.mapping.fastpath;

import com.dashjoin.jsonata.Utils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.loyaltyhub.mapping.fastpath.Lexer.Kind;
import org.loyaltyhub.mapping.fastpath.Lexer.Token;

/**
 * A top-down operator precedence parser of the fast path's subset, with the interpreter's binding powers, so that an
 * expression the interpreter parsed gets the same tree here; then the interpreter's post-parse shaping ({@link Ast}).
 * It is only ever given text the interpreter already parsed, and answers {@link UnsupportedExpression} for anything
 * outside the subset (lambdas, regular expressions, filters, sorting, wildcards, ranges, ...).
 */
final class Parser {

    /** Left binding powers of the operators the subset knows; any other operator is unsupported. */
    private static final Map<String, Integer> BINDING_POWER = Map.ofEntries(
            Map.entry(")", 0), Map.entry("]", 0), Map.entry("}", 0), Map.entry(",", 0), Map.entry(";", 0), Map.entry(":", 0),
            Map.entry(".", 75), Map.entry("[", 80), Map.entry("(", 80), Map.entry("{", 70),
            Map.entry("+", 50), Map.entry("-", 50), Map.entry("&", 50), Map.entry("*", 60), Map.entry("/", 60), Map.entry("%", 60),
            Map.entry("=", 40), Map.entry("!=", 40), Map.entry("<", 40), Map.entry("<=", 40), Map.entry(">", 40), Map.entry(">=", 40),
            Map.entry("in", 40), Map.entry("and", 30), Map.entry("or", 25), Map.entry("?", 20), Map.entry(":=", 10));

    private static final List<String> BINARY_OPERATORS = List.of("+", "-", "&", "*", "/", "%", "=", "!=", "<", "<=", ">", ">=",
            "in", "and", "or");

    /** The parse tree before shaping, as the interpreter's symbols carry it. */
    private static final class Syntax {
        String type;
        Object value;
        int position;
        Syntax lhs;
        Syntax rhs;
        Syntax condition;
        Syntax then;
        Syntax otherwise;
        List<Syntax> items;
        List<Syntax[]> pairs;

        Syntax(String type, Object value, int position) {
            this.type = type;
            this.value = value;
            this.position = position;
        }
    }

    private final Lexer lexer;
    private Token node;
    private boolean atEnd;

    private Parser(String text) {
        this.lexer = new Lexer(text);
    }

    static Ast parse(String text) {
        Parser parser = new Parser(text);
        parser.advance(null, false);
        Syntax tree = parser.expression(0);
        if (!parser.atEnd) {
            throw new UnsupportedExpression("text after the expression");
        }
        return shape(tree);
    }

    private String id() {
        return atEnd ? "(end)" : node.id();
    }

    private void advance(String expected, boolean infix) {
        if (expected != null && !id().equals(expected)) {
            throw new UnsupportedExpression("'" + expected + "' expected");
        }
        Token next = lexer.next(infix);
        atEnd = next == null;
        node = next;
    }

    private int bindingPower() {
        if (atEnd || node.kind() != Kind.OPERATOR) {
            return 0;
        }
        Integer power = BINDING_POWER.get(id());
        if (power == null) {
            throw new UnsupportedExpression("the operator " + id());
        }
        return power;
    }

    private Syntax expression(int rightBindingPower) {
        Token token = node;
        boolean end = atEnd;
        advance(null, true);
        if (end) {
            throw new UnsupportedExpression("an expression that ends early");
        }
        Syntax left = prefix(token);
        while (rightBindingPower < bindingPower()) {
            token = node;
            advance(null, false);
            left = infix(token, left);
        }
        return left;
    }

    private Syntax prefix(Token token) {
        switch (token.kind()) {
            case NAME:
                return new Syntax("name", token.value(), token.position());
            case VARIABLE:
                return new Syntax("variable", token.value(), token.position());
            case STRING:
                return new Syntax("string", token.value(), token.position());
            case NUMBER:
                return new Syntax("number", token.value(), token.position());
            case VALUE:
                return new Syntax("value", token.value(), token.position());
            default:
                break;
        }
        String operator = (String) token.value();
        switch (operator) {
            case "and", "or", "in" -> {
                // keywords stand for field names where an operand is expected
                return new Syntax("name", operator, token.position());
            }
            case "-" -> {
                // the interpreter negates with a fresh symbol, whose position stays 0
                Syntax negation = new Syntax("unary", "-", 0);
                negation.lhs = expression(70);
                return negation;
            }
            case "(" -> {
                Syntax block = new Syntax("block", "(", token.position());
                block.items = new ArrayList<>();
                while (!id().equals(")")) {
                    block.items.add(expression(0));
                    if (!id().equals(";")) {
                        break;
                    }
                    advance(";", false);
                }
                advance(")", true);
                return block;
            }
            case "[" -> {
                Syntax array = new Syntax("unary", "[", token.position());
                array.items = new ArrayList<>();
                if (!id().equals("]")) {
                    while (true) {
                        array.items.add(expression(0));
                        if (id().equals("..")) {
                            throw new UnsupportedExpression("a range");
                        }
                        if (!id().equals(",")) {
                            break;
                        }
                        advance(",", false);
                    }
                }
                advance("]", true);
                return array;
            }
            case "{" -> {
                // the interpreter makes a fresh symbol here, whose position stays 0
                Syntax object = new Syntax("unary", "{", 0);
                object.pairs = new ArrayList<>();
                if (!id().equals("}")) {
                    while (true) {
                        Syntax key = expression(0);
                        advance(":", false);
                        Syntax value = expression(0);
                        object.pairs.add(new Syntax[] {key, value});
                        if (!id().equals(",")) {
                            break;
                        }
                        advance(",", false);
                    }
                }
                advance("}", true);
                return object;
            }
            default -> throw new UnsupportedExpression("the operator " + operator);
        }
    }

    private Syntax infix(Token token, Syntax left) {
        String operator = (String) token.value();
        switch (operator) {
            case "." -> {
                Syntax path = new Syntax("binary", ".", token.position());
                path.lhs = left;
                path.rhs = expression(75);
                return path;
            }
            case "(" -> {
                Syntax call = new Syntax("function", "(", token.position());
                call.lhs = left;
                call.items = new ArrayList<>();
                if (!id().equals(")")) {
                    while (true) {
                        if (!atEnd && node.kind() == Kind.OPERATOR && id().equals("?")) {
                            throw new UnsupportedExpression("a partial application");
                        }
                        call.items.add(expression(0));
                        if (!id().equals(",")) {
                            break;
                        }
                        advance(",", false);
                    }
                }
                advance(")", true);
                if (left.type.equals("name") && (left.value.equals("function") || left.value.equals("\u03BB"))) {
                    throw new UnsupportedExpression("a lambda");
                }
                return call;
            }
            case "[" -> {
                if (id().equals("]")) {
                    throw new UnsupportedExpression("an empty predicate []");
                }
                Syntax predicate = new Syntax("binary", "[", token.position());
                predicate.lhs = left;
                predicate.rhs = expression(0);
                advance("]", true);
                return predicate;
            }
            case "?" -> {
                Syntax condition = new Syntax("condition", "?", token.position());
                condition.condition = left;
                condition.then = expression(0);
                if (id().equals(":")) {
                    advance(":", false);
                    condition.otherwise = expression(0);
                }
                return condition;
            }
            case ":=" -> {
                if (!left.type.equals("variable")) {
                    throw new UnsupportedExpression("a binding to something not a variable");
                }
                Syntax bind = new Syntax("binary", ":=", token.position());
                bind.lhs = left;
                bind.rhs = expression(BINDING_POWER.get(":=") - 1);
                return bind;
            }
            default -> {
                if (!BINARY_OPERATORS.contains(operator)) {
                    throw new UnsupportedExpression("the operator " + operator);
                }
                Syntax binary = new Syntax("binary", operator, token.position());
                binary.lhs = left;
                binary.rhs = expression(BINDING_POWER.get(operator));
                return binary;
            }
        }
    }

    /** The interpreter's post-parse shaping, for the subset. */
    private static Ast shape(Syntax syntax) {
        switch (syntax.type) {
            case "name":
                return new Ast.Path(List.of(new Ast.NameStep((String) syntax.value)));
            case "variable":
                return new Ast.Variable((String) syntax.value, List.of());
            case "string", "number", "value":
                return new Ast.Literal(syntax.value);
            case "block":
                return new Ast.Block(syntax.items.stream().map(Parser::shape).toList());
            case "condition":
                return new Ast.Condition(shape(syntax.condition), shape(syntax.then),
                        syntax.otherwise == null ? null : shape(syntax.otherwise));
            case "function":
                return call(syntax);
            case "unary":
                return unary(syntax);
            case "binary":
                return binary(syntax);
            default:
                throw new UnsupportedExpression(syntax.type);
        }
    }

    private static Ast call(Syntax syntax) {
        Ast procedure = shape(syntax.lhs);
        if (!(procedure instanceof Ast.Variable variable) || !variable.indexes().isEmpty()) {
            throw new UnsupportedExpression("a call of something not a function name");
        }
        return new Ast.Call(variable.name(), syntax.items.stream().map(Parser::shape).toList(), syntax.position, List.of());
    }

    private static Ast unary(Syntax syntax) {
        switch ((String) syntax.value) {
            case "-" -> {
                Ast operand = shape(syntax.lhs);
                if (operand instanceof Ast.Literal literal && literal.value() instanceof Number number) {
                    return new Ast.Literal(Utils.convertNumber(-number.doubleValue()));
                }
                return new Ast.Negation(operand, syntax.position);
            }
            case "[" -> {
                List<Ast> items = syntax.items.stream().map(Parser::shape).toList();
                // the interpreter keeps an item whole when its symbol is "[": an array constructor, or the string "["
                List<Boolean> nested = items.stream().map(item -> item instanceof Ast.ArrayConstructor
                        || item instanceof Ast.Literal literal && "[".equals(literal.value())).toList();
                return new Ast.ArrayConstructor(items, nested, List.of());
            }
            case "{" -> {
                List<Ast> keys = new ArrayList<>();
                List<Ast> values = new ArrayList<>();
                for (Syntax[] pair : syntax.pairs) {
                    keys.add(shape(pair[0]));
                    values.add(shape(pair[1]));
                }
                return new Ast.ObjectConstructor(keys, values);
            }
            default -> throw new UnsupportedExpression("the prefix " + syntax.value);
        }
    }

    private static Ast binary(Syntax syntax) {
        String operator = (String) syntax.value;
        switch (operator) {
            case "." -> {
                Ast left = shape(syntax.lhs);
                List<Ast.Step> steps = new ArrayList<>();
                if (left instanceof Ast.Path path) {
                    steps.addAll(path.steps());
                } else {
                    steps.add(step(left));
                }
                Ast right = shape(syntax.rhs);
                if (right instanceof Ast.Path path) {
                    steps.addAll(path.steps());
                } else {
                    steps.add(step(right));
                }
                return new Ast.Path(List.copyOf(steps));
            }
            case "[" -> {
                Ast filtered = shape(syntax.lhs);
                Ast predicate = shape(syntax.rhs);
                if (!(predicate instanceof Ast.Literal literal) || !(literal.value() instanceof Number index)) {
                    throw new UnsupportedExpression("a filter that is not a number");
                }
                return indexed(filtered, index);
            }
            case ":=" -> {
                return new Ast.Bind((String) syntax.lhs.value, shape(syntax.rhs));
            }
            default -> {
                return new Ast.Binary(operator, shape(syntax.lhs), shape(syntax.rhs), syntax.position);
            }
        }
    }

    /** A path step: a field name (a string literal in a path is one) or a variable. */
    private static Ast.Step step(Ast ast) {
        if (ast instanceof Ast.Literal literal && literal.value() instanceof String name) {
            return new Ast.NameStep(name);
        }
        if (ast instanceof Ast.Variable variable && variable.indexes().isEmpty()) {
            return new Ast.VariableStep(variable.name());
        }
        throw new UnsupportedExpression("a path step that is not a name or a variable");
    }

    private static Ast indexed(Ast filtered, Number index) {
        if (filtered instanceof Ast.ArrayConstructor array) {
            return new Ast.ArrayConstructor(array.items(), array.nested(), append(array.indexes(), index));
        }
        if (filtered instanceof Ast.Variable variable) {
            return new Ast.Variable(variable.name(), append(variable.indexes(), index));
        }
        if (filtered instanceof Ast.Call call) {
            return new Ast.Call(call.name(), call.arguments(), call.position(), append(call.indexes(), index));
        }
        // on a path the predicate filters each step's results: not in the subset
        throw new UnsupportedExpression("an index on this kind of expression");
    }

    private static List<Number> append(List<Number> indexes, Number index) {
        List<Number> all = new ArrayList<>(indexes);
        all.add(index);
        return List.copyOf(all);
    }
}
