package org.loyaltyhub.sandbox.promo;

import org.loyaltyhub.sandbox.SandboxProperties;

import java.util.Locale;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The promo code attach API ({@code shared/vendor-apis/promo-code-attach.txt}, contract
 * {@code shared/contracts/promo.openapi.yaml}) under {@code /sandbox/promo}. Every outcome is HTTP 200 with
 * {@code data}, {@code error} and {@code error_text}: success exactly as the document's response example
 * ({@code "data": null}, error 0, "Successful operation"), a refusal with the sandbox's own number for it
 * ({@link PromoErrorNumbers}) and {@code data} null as well.
 * <p>
 * A request is XML when its Content-Type names xml (or, with no Content-Type, when it starts with {@code <}),
 * JSON otherwise. The answer's format is the request's {@code format} parameter, json by default as the document
 * says (an invalid {@code format} too); a body that cannot be read at all is answered in its own format. NOTES.md
 * gives every reading.
 */
@RestController
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public class PromoSandboxController {

    private static final Logger log = LoggerFactory.getLogger(PromoSandboxController.class);

    static final String ATTACH = "/sandbox/promo/api/v1.1/promocodes/attach";

    private final PromoCodeBook book;
    private final SandboxProperties.Promo settings;
    private final PromoErrorNumbers numbers;
    private final ObjectReader reader;

    public PromoSandboxController(PromoCodeBook book, SandboxProperties properties, ObjectMapper mapper) {
        this.book = book;
        this.settings = properties.promo();
        this.numbers = new PromoErrorNumbers(settings.errors());
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @PostMapping(path = ATTACH)
    public ResponseEntity<String> attach(@RequestBody(required = false) String body,
            @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
        boolean xmlRequest = contentType != null ? contentType.toLowerCase(Locale.ROOT).contains("xml")
                : body != null && body.stripLeading().startsWith("<");
        book.received(xmlRequest);
        JsonNode parameters;
        try {
            parameters = parameters(body, xmlRequest);
        } catch (PromoRefusal refusal) {
            return answer(xmlRequest, refusal.error(), refusal.getMessage()); // nothing says another format
        }
        boolean xmlAnswer = "xml".equals(parameters.path("format").asText(null)); // else json, the default
        try {
            PromoAttachRequest request = PromoAttachRequest.read(parameters, xmlRequest);
            if (!settings.token().equals(request.token())) {
                throw new PromoRefusal(PromoError.BAD_TOKEN, null);
            }
            if (request.dbId() != settings.dbId()) {
                throw new PromoRefusal(PromoError.INVALID_REQUEST, "unknown db_id " + request.dbId());
            }
            PromoCodeBook.Attachment attachment = book.attach(request);
            log.info("Promo sandbox: attached {} to profile {}{}", attachment.code(), attachment.profileId(),
                    attachment.imported() ? " (imported)" : "");
            return answer(xmlAnswer, PromoError.SUCCESS, PromoError.SUCCESS.text());
        } catch (PromoRefusal refusal) {
            return answer(xmlAnswer, refusal.error(), refusal.getMessage());
        }
    }

    /** The body as a tree of parameters: XML's {@code <xml>} children as text, or the JSON as it is. */
    private JsonNode parameters(String body, boolean xml) {
        if (body == null || body.isBlank()) {
            throw new PromoRefusal(PromoError.INVALID_REQUEST, "a JSON or XML body is required");
        }
        if (xml) {
            return PromoXml.readParameters(body);
        }
        try {
            return reader.readTree(body);
        } catch (JacksonException e) {
            throw new PromoRefusal(PromoError.INVALID_REQUEST, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** The answer: {@code data} is null in every one (the document's success shows no other value). */
    private ResponseEntity<String> answer(boolean xml, PromoError outcome, String text) {
        int error = numbers.of(outcome);
        if (xml) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(PromoXml.answer(error, text));
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putNull("data");
        json.put("error", error).put("error_text", text);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.toString());
    }
}
