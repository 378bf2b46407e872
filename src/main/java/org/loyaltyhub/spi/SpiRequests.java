package org.loyaltyhub.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Reads an SPI request the way the contract describes it, before it is mapped: a JSON object with the
 * required fields in their types, money in the contract's pattern, an integer {@code eshop_id}. The PIN
 * leaves the body here (into {@link #PIN_INPUT}) so it never reaches a mapping, a canonical message or a log.
 * Also writes the answers: only a content type and a status, no request header goes back.
 */
@Component("spiRequests")
public class SpiRequests {

    /** Exchange property holding the PIN the register sent. */
    public static final String PIN_INPUT = "spiPinInput";
    /** The contract's money pattern (spi.openapi.yaml) less its minus: the ledger takes magnitudes, the type gives the direction. */
    static final Pattern MONEY = Pattern.compile("^\\+?[0-9]+\\.[0-9]{2}$");
    static final List<String> SPI_HEADERS = List.of("Store-ID", "Staff-ID", "Register-ID", "Request-ID");
    private static final Set<String> TRANSACTION_TYPES = Set.of("sale", "return", "refund");

    private final ObjectMapper json;
    private final BigDecimal maxAmount;

    public SpiRequests(ObjectMapper json, SpiProperties properties) {
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxAmount = properties.maxAmount();
    }

    public void lookup(Exchange exchange) {
        ObjectNode body = read(exchange);
        requireText(body, "card_number");
    }

    public void transaction(Exchange exchange) {
        ObjectNode body = read(exchange);
        requireText(body, "card_number");
        JsonNode date = body.get("date");
        if (date == null || date.isNull()) {
            throw SpiException.fieldMissing("date");
        }
        if (!date.canConvertToLong() || !date.isIntegralNumber()) {
            throw SpiException.fieldInvalid("date", "an integer (Unix seconds)");
        }
        BigDecimal discount = requireMoney(body, "discount_amount");
        BigDecimal total = requireMoney(body, "total_amount");
        if (discount.compareTo(total) > 0) {
            throw SpiException.fieldInvalid("discount_amount", "at most total_amount");
        }
        String type = requireText(body, "transaction_type");
        if (!TRANSACTION_TYPES.contains(type)) {
            throw SpiException.fieldInvalid("transaction_type", "sale or return");
        }
        requireText(body, "transaction_reference");
        if (!type.equals("sale")) {
            requireText(body, "refund_transaction_id");
        } else {
            optionalText(body, "refund_transaction_id");
        }
        optionalText(body, "transaction_code");
    }

    public void revert(Exchange exchange) {
        ObjectNode body = read(exchange);
        requireText(body, "card_number");
        String transactionId = exchange.getMessage().getHeader("transaction_id", String.class);
        if (transactionId == null || transactionId.isBlank()) {
            throw SpiException.fieldMissing("transaction_id");
        }
    }

    /** The answer: the mapped body as JSON with the status; every request header is dropped. */
    public void answer(Exchange exchange, int status) throws JsonProcessingException {
        Object body = exchange.getMessage().getBody();
        byte[] bytes = body instanceof JsonNode node ? json.writeValueAsBytes(node) : exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(bytes);
    }

    private ObjectNode read(Exchange exchange) {
        normalizeHeaders(exchange);
        String eshopId = exchange.getMessage().getHeader("eshop_id", String.class);
        if (eshopId != null && !eshopId.matches("-?[0-9]{1,18}")) {
            throw SpiException.fieldInvalid("eshop_id", "an integer");
        }
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        JsonNode body;
        try {
            body = raw == null || raw.length == 0 ? null : json.readTree(raw);
        } catch (java.io.IOException e) {
            throw SpiException.badRequest("malformed-json", "The request body is not valid JSON");
        }
        if (!(body instanceof ObjectNode object)) {
            throw SpiException.badRequest("malformed-json", "The request body must be a JSON object");
        }
        JsonNode pin = object.remove("pin_input");
        if (pin != null && !pin.isNull()) {
            if (!pin.isTextual()) {
                throw SpiException.fieldInvalid("pin_input", "a string");
            }
            exchange.setProperty(PIN_INPUT, pin.asText());
        }
        exchange.getMessage().setBody(object);
        return object;
    }

    /** The SPI headers under their contract spelling, whatever case the register used ($headers in mappings). */
    private static void normalizeHeaders(Exchange exchange) {
        for (String name : SPI_HEADERS) {
            String value = exchange.getMessage().getHeader(name, String.class);
            exchange.getMessage().removeHeader(name);
            if (value != null) {
                exchange.getMessage().setHeader(name, value);
            }
        }
    }

    private static String requireText(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw SpiException.fieldMissing(field);
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw SpiException.fieldInvalid(field, "a non-empty string");
        }
        return value.asText();
    }

    private static void optionalText(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw SpiException.fieldInvalid(field, "a string");
        }
    }

    /** A money string as the contract writes it, not negative, with exactly two decimals, within the ledger's range. */
    private BigDecimal requireMoney(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw SpiException.fieldMissing(field);
        }
        if (!value.isTextual() || !MONEY.matcher(value.asText()).matches()) {
            throw SpiException.fieldInvalid(field, "a money string, not negative, with two decimals, e.g. \"10.00\"");
        }
        BigDecimal amount = new BigDecimal(value.asText());
        if (amount.compareTo(maxAmount) > 0) {
            throw SpiException.fieldInvalid(field, "at most " + maxAmount.toPlainString());
        }
        return amount;
    }
}
