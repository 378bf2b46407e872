package org.loyaltyhub.canonical;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

import java.util.regex.Pattern;

/**
 * Compiles JSON Schema {@code pattern}s with java.util.regex, but with the ECMA-262 meaning of {@code $}.
 *
 * <p>JSON Schema patterns are ECMA-262, where {@code $} matches only at the end of the input. In Java, {@code $}
 * also matches before a final line terminator, so {@code ^[A-Z]{3}$} would accept "EUR\n" and a money amount could
 * carry a trailing newline past validation. Every {@code $} outside a character class and not escaped is therefore
 * compiled as {@code \z}.
 */
final class EcmaAnchoredRegularExpressionFactory implements RegularExpressionFactory {

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(withEndOfInputAnchors(regex));
        // JSON Schema patterns are not implicitly anchored: a match anywhere in the value counts.
        return value -> pattern.matcher(value).find();
    }

    static String withEndOfInputAnchors(String regex) {
        StringBuilder compiled = new StringBuilder(regex.length() + 4);
        boolean inCharacterClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                compiled.append(c).append(regex.charAt(++i));
            } else if (inCharacterClass) {
                inCharacterClass = c != ']';
                compiled.append(c);
            } else if (c == '[') {
                inCharacterClass = true;
                compiled.append(c);
            } else if (c == '$') {
                compiled.append("\\z");
            } else {
                compiled.append(c);
            }
        }
        return compiled.toString();
    }
}
