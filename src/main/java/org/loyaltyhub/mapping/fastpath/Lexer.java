package org.loyaltyhub.mapping.fastpath;

import com.dashjoin.jsonata.Utils;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an expression into tokens exactly as the interpreter's tokenizer does (the same operators, string escapes,
 * numbers and names), each with the interpreter's position: the offset just past the token, which error positions
 * are made of. Anything the fast path does not take (a regular expression) is {@link UnsupportedExpression}.
 */
final class Lexer {

    enum Kind { OPERATOR, NAME, VARIABLE, STRING, NUMBER, VALUE }

    /** {@code value}: the operator or name text, the string, the number, or true/false/null (as null) for a VALUE. */
    record Token(Kind kind, Object value, int position) {

        /** The parser's id: the operator itself, "(name)" or "(literal)". */
        String id() {
            return switch (kind) {
                case OPERATOR -> (String) value;
                case NAME, VARIABLE -> "(name)";
                default -> "(literal)";
            };
        }
    }

    /** The interpreter's one-character operators: a name ends at any of them. */
    private static final String SINGLE_CHAR_OPERATORS = ".[]{}(),@#;:?+-*/%|=<>^&!~";
    private static final Set<String> TWO_CHAR_OPERATORS = Set.of("..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??");
    private static final String WHITESPACE = " \t\n\r";
    private static final Pattern NUMBER = Pattern.compile("^-?(0|([1-9][0-9]*))(\\.[0-9]+)?([Ee][-+]?[0-9]+)?");

    private final String text;
    private final int length;
    private int position;

    Lexer(String text) {
        this.text = text;
        this.length = text.length();
    }

    /**
     * The next token, or null at the end. {@code infix}: the parser expects an operator, so a {@code /} divides; where
     * it expects an operand a {@code /} would open a regular expression.
     */
    Token next(boolean infix) {
        while (position < length && WHITESPACE.indexOf(text.charAt(position)) >= 0) {
            position++;
        }
        if (position >= length) {
            return null;
        }
        char current = text.charAt(position);
        if (current == '/' && position + 1 < length && text.charAt(position + 1) == '*') {
            int end = text.indexOf("*/", position + 2);
            if (end < 0) {
                throw new UnsupportedExpression("an unclosed comment");
            }
            position = end + 2;
            return next(infix);
        }
        if (!infix && current == '/') {
            throw new UnsupportedExpression("a regular expression");
        }
        if (position + 1 < length) {
            String two = text.substring(position, position + 2);
            if (TWO_CHAR_OPERATORS.contains(two)) {
                position += 2;
                return token(Kind.OPERATOR, two);
            }
        }
        if (SINGLE_CHAR_OPERATORS.indexOf(current) >= 0) {
            position++;
            return token(Kind.OPERATOR, String.valueOf(current));
        }
        if (current == '"' || current == '\'') {
            return string(current);
        }
        Matcher number = NUMBER.matcher(text.substring(position));
        if (number.find()) {
            double value = Double.parseDouble(number.group(0));
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new UnsupportedExpression("a number out of range");
            }
            position += number.group(0).length();
            return token(Kind.NUMBER, Utils.convertNumber(value));
        }
        if (current == '`') {
            int end = text.indexOf('`', position + 1);
            if (end < 0) {
                throw new UnsupportedExpression("an unclosed quoted name");
            }
            String name = text.substring(position + 1, end);
            position = end + 1;
            return token(Kind.NAME, name);
        }
        int end = position;
        while (end < length && WHITESPACE.indexOf(text.charAt(end)) < 0 && SINGLE_CHAR_OPERATORS.indexOf(text.charAt(end)) < 0) {
            end++;
        }
        int start = position;
        position = end;
        if (text.charAt(start) == '$') {
            return token(Kind.VARIABLE, text.substring(start + 1, end));
        }
        String name = text.substring(start, end);
        return switch (name) {
            case "or", "in", "and" -> token(Kind.OPERATOR, name);
            case "true" -> token(Kind.VALUE, Boolean.TRUE);
            case "false" -> token(Kind.VALUE, Boolean.FALSE);
            case "null" -> token(Kind.VALUE, null);
            default -> token(Kind.NAME, name);
        };
    }

    private Token string(char quote) {
        position++;
        StringBuilder value = new StringBuilder();
        while (position < length) {
            char current = text.charAt(position);
            if (current == '\\') {
                position++;
                if (position >= length) {
                    throw new UnsupportedExpression("an unfinished escape");
                }
                current = text.charAt(position);
                switch (current) {
                    case '"' -> value.append('"');
                    case '\\' -> value.append('\\');
                    case '/' -> value.append('/');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        // the interpreter's own bounds: four hex digits that do not end the text
                        String digits = position + 5 < length ? text.substring(position + 1, position + 5) : "";
                        if (!digits.matches("^[0-9a-fA-F]+$")) {
                            throw new UnsupportedExpression("a malformed \\u escape");
                        }
                        value.append((char) Integer.parseInt(digits, 16));
                        position += 4;
                    }
                    default -> throw new UnsupportedExpression("an illegal escape");
                }
            } else if (current == quote) {
                position++;
                return token(Kind.STRING, value.toString());
            } else {
                value.append(current);
            }
            position++;
        }
        throw new UnsupportedExpression("an unclosed string");
    }

    private Token token(Kind kind, Object value) {
        return new Token(kind, value, position);
    }
}
