package org.loyaltyhub.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a sandbox refused a request.
 *
 * @param index position of the offending item in a bulk request; null for a single-item request
 * @param field canonical name of the offending field; null when the item as a whole is wrong
 * @param message what is wrong, for the developer reading the answer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SandboxProblem(Integer index, String field, String message) {
}
