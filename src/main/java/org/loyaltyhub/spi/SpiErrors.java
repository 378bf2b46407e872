package org.loyaltyhub.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.loyaltyhub.canonical.CanonicalValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every refused SPI request answers with the contract's Error object ({@code error_code}, {@code error_data},
 * {@code message}, {@code request_id} echoing Request-ID), never a stack trace.
 */
@Component("spiErrors")
public class SpiErrors {

    public static final String REQUEST_ID = "Request-ID";
    private static final Logger LOG = LoggerFactory.getLogger(SpiErrors.class);
    /** Runs of six or more digits in an exception message may be card numbers: logged masked. */
    private static final Pattern LONG_DIGITS = Pattern.compile("\\d{2,}(\\d{4})");

    private final ObjectMapper json;

    public SpiErrors(ObjectMapper json) {
        this.json = json;
    }

    /** The route's error handler: the caught exception becomes the Error answer. */
    public void answer(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String requestId = requestId(exchange.getMessage().getHeader(REQUEST_ID, String.class));
        SpiException error = classify(caught, requestId);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body(error, requestId));
    }

    public byte[] body(SpiException error, String requestId) {
        ObjectNode body = json.createObjectNode();
        body.put("error_code", error.errorCode());
        ObjectNode data = body.putObject("error_data");
        data.put("message", error.getMessage());
        data.setAll(json.<ObjectNode>valueToTree(error.data()));
        body.put("message", error.getMessage());
        body.put("request_id", requestId);
        try {
            return json.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The caller's Request-ID, or one made up so that the answer and the log still name the request. */
    public static String requestId(String header) {
        return header == null || header.isBlank() ? "hub-" + UUID.randomUUID() : header;
    }

    static SpiException classify(Throwable caught, String requestId) {
        if (caught instanceof SpiException refused) {
            return refused;
        }
        if (isNumericOverflow(caught)) {
            // a sum past the ledger's columns: the request's amounts are the cause, never a 500
            return new SpiException(400, "field-invalid", "The amounts are outside the ledger's range");
        }
        if (caught instanceof CanonicalValidationException invalid) {
            // names fields and rules, never values
            return new SpiException(400, "field-invalid", invalid.getMessage());
        }
        LOG.error("SPI request {} failed: {}: {}", requestId, caught == null ? "?" : caught.getClass().getName(),
                caught == null ? "" : masked(String.valueOf(caught.getMessage())));
        return new SpiException(500, "internal-error", "Internal server error");
    }

    private static boolean isNumericOverflow(Throwable caught) {
        for (Throwable cause = caught; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "22003".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A card number for logs: only its last four characters. */
    public static String mask(String cardNumber) {
        return org.loyaltyhub.canonical.CardNumbers.mask(cardNumber);
    }

    static String masked(String text) {
        return LONG_DIGITS.matcher(text).replaceAll("****$1");
    }
}
