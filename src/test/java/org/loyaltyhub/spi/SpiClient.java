package org.loyaltyhub.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A register in the tests: posts SPI requests with its key and store/register headers, and checks every
 * answer against the hub's copy of the contract.
 */
public final class SpiClient {

    public static final String LOOKUP = "/spi/discount-cards/lookup";
    public static final String TRANSACTIONS = "/spi/discount-cards/transactions";
    private static final OpenApiInteractionValidator CONTRACT = OpenApiInteractionValidator
            .createForSpecificationUrl("spi/openapi.yaml").withBasePathOverride("/spi").build();

    private final TestRestTemplate http;
    private final ObjectMapper json;
    private final String key;
    private final String store;
    private final String register;

    public SpiClient(TestRestTemplate http, ObjectMapper json, String key, String store, String register) {
        this.http = http;
        this.json = json;
        this.key = key;
        this.store = store;
        this.register = register;
    }

    /** The same register key at another store and register. */
    public SpiClient at(String otherStore, String otherRegister) {
        return new SpiClient(http, json, key, otherStore, otherRegister);
    }

    public static String sale(String card, String discount, String total, String reference) {
        return """
                {"card_number":"%s","date":1704067200,"discount_amount":"%s","total_amount":"%s","transaction_type":"sale",
                 "transaction_reference":"%s","transaction_code":"456"}""".formatted(card, discount, total, reference);
    }

    public static String ret(String card, String discount, String total, String reference, String saleId) {
        return """
                {"card_number":"%s","date":1704067200,"discount_amount":"%s","total_amount":"%s","transaction_type":"return",
                 "transaction_reference":"%s","refund_transaction_id":"%s"}""".formatted(card, discount, total, reference, saleId);
    }

    public static String revertPath(String transactionId) {
        return TRANSACTIONS + "/" + transactionId + "/revert";
    }

    public static String withPin(String body, String pin) {
        return body.replaceFirst("\\{", "{\"pin_input\":\"" + pin + "\",");
    }

    public ResponseEntity<String> post(String path, String body, String requestId) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers(requestId)), String.class);
    }

    public HttpHeaders headers(String requestId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(key);
        headers.set("Store-ID", store);
        headers.set("Staff-ID", "staff-1");
        headers.set("Register-ID", register);
        if (requestId != null) {
            headers.set("Request-ID", requestId);
        }
        return headers;
    }

    /** The answer has the status and satisfies the contract for that operation and status. */
    public JsonNode ok(ResponseEntity<String> response, int status, String path) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertContract(response, path);
        return json.readTree(response.getBody());
    }

    /** A refusal: the status, the contract's Error object (validated against the contract), the error code. */
    public JsonNode error(ResponseEntity<String> response, int status, String errorCode, String path) throws Exception {
        JsonNode body = ok(response, status, path);
        if (errorCode != null) {
            assertThat(body.path("error_code").asText()).as(body.toString()).isEqualTo(errorCode);
            assertThat(body.path("request_id").asText()).isNotBlank();
        }
        return body;
    }

    public static void assertContract(ResponseEntity<String> response, String path) {
        assertThat(response.getHeaders().getContentType()).isNotNull();
        String specPath = path.replaceFirst("\\?.*$", "");
        ValidationReport report = CONTRACT.validateResponse(specPath, Request.Method.POST, SimpleResponse.Builder
                .status(response.getStatusCode().value())
                .withContentType(response.getHeaders().getContentType().toString())
                .withBody(response.getBody()).build());
        assertThat(report.getMessages()).as("contract violations of %s %s", specPath, response.getBody())
                .filteredOn(message -> message.getLevel() == ValidationReport.Level.ERROR).isEmpty();
    }
}
