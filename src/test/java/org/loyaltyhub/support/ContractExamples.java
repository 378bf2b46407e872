package org.loyaltyhub.support;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The examples of the project's copy of a vendor contract ({@code src/test/resources/contracts/<system>.openapi.yaml}),
 * so that a simulator's tests compare its answers with the contract itself, never with a copy of an example.
 */
public final class ContractExamples {

    private final String system;
    private final JsonNode contract;

    private ContractExamples(String system, JsonNode contract) {
        this.system = system;
        this.contract = contract;
    }

    public static ContractExamples of(String system) {
        return new ContractExamples(system, VendorContracts.document(system));
    }

    /** The example request body of an operation, e.g. {@code request("/api/v2/customers", "post")}. */
    public JsonNode request(String path, String method) {
        return example(operation(path, method).path("requestBody"), path + " " + method + " request");
    }

    /** The example answer of an operation, e.g. {@code response("/api/v2/cards/{id}", "get", 200)}. */
    public JsonNode response(String path, String method, int status) {
        JsonNode response = operation(path, method).path("responses").path(String.valueOf(status));
        String ref = response.path("$ref").asText(null);
        if (ref != null) {
            response = contract.path("components").path("responses").path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return example(response, path + " " + method + " " + status);
    }

    private JsonNode operation(String path, String method) {
        JsonNode operation = contract.path("paths").path(path).path(method);
        if (operation.isMissingNode()) {
            throw new IllegalArgumentException("the " + system + " contract has no operation " + method + " " + path);
        }
        return operation;
    }

    private JsonNode example(JsonNode content, String what) {
        JsonNode example = content.path("content").path("application/json").path("example");
        if (example.isMissingNode()) {
            throw new IllegalArgumentException("the " + system + " contract has no example of " + what);
        }
        return example.deepCopy();
    }
}
