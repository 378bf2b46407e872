package org.loyaltyhub.sandbox.wallet;

import org.loyaltyhub.sandbox.SandboxProblem;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the query parameters of a wallet list call, collecting every problem so one refusal (422) names them all.
 * A parameter that is absent or empty is "not given".
 */
final class WalletQuery {

    private final List<SandboxProblem> problems = new ArrayList<>();

    void problem(String name, String message) {
        problems.add(new SandboxProblem(null, name, message));
    }

    String text(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    Long integer(String name, String value) {
        if (text(value) == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            problem(name, "must be an integer, was \"" + value + "\"");
            return null;
        }
    }

    Long positiveInteger(String name, String value) {
        Long number = integer(name, value);
        if (number != null && number < 1) {
            problem(name, "must be at least 1, was " + number);
            return null;
        }
        return number;
    }

    /** A day written {@code Y-m-d} (the contract's {@code format: date}). */
    LocalDate date(String name, String value) {
        if (text(value) == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            problem(name, "must be a date written YYYY-MM-DD, was \"" + value + "\"");
            return null;
        }
    }

    /** @throws WalletRefusal (422) naming every problem found, when there is one */
    void finish() {
        if (!problems.isEmpty()) {
            throw WalletRefusal.invalid("invalid query parameters", problems);
        }
    }
}
