package org.loyaltyhub.sandbox.promo;

import org.loyaltyhub.sandbox.SandboxProperties;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The promo code attach API ({@code shared/contracts/promo.openapi.yaml}) under {@code /sandbox/promo}. Every
 * outcome is HTTP 200 with {@code {"data", "error", "error_text"}} (numbers in {@link PromoError}); success carries
 * {@code data: {"code", "profile_id"}} so a caller that let the pool choose learns the code.
 * <p>
 * A request is XML when its Content-Type names xml (or, with no Content-Type, when it starts with {@code <}),
 * JSON otherwise. The answer's format is the request's {@code format} parameter; without one it is json as the
 * contract says, except that a request that cannot be read at all is answered in its own format.
 */
@RestController
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public class PromoSandboxController {

    static final String ATTACH = "/sandbox/promo/api/v1.1/promocodes/attach";

    private final PromoCodeBook book;
    private final SandboxProperties.Promo settings;
    private final ObjectReader reader;

    public PromoSandboxController(PromoCodeBook book, SandboxProperties properties, ObjectMapper mapper) {
        this.book = book;
        this.settings = properties.promo();
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @PostMapping(path = ATTACH)
    public ResponseEntity<String> attach(@RequestBody(required = false) String body,
            @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
        boolean xmlRequest = contentType != null ? contentType.toLowerCase().contains("xml")
                : body != null && body.stripLeading().startsWith("<");
        book.received(xmlRequest);
        PromoAttachRequest request;
        try {
            request = read(body, xmlRequest);
        } catch (PromoRefusal refusal) {
            return answer(xmlRequest, null, refusal.error(), refusal.getMessage());
        }
        boolean xmlAnswer = "xml".equals(request.format());
        try {
            if (!settings.token().equals(request.token())) {
                throw new PromoRefusal(PromoError.BAD_TOKEN, null);
            }
            if (request.dbId() != settings.dbId()) {
                throw new PromoRefusal(PromoError.UNKNOWN_DATABASE, "db_id " + request.dbId());
            }
            PromoCodeBook.Attachment attachment = book.attach(request);
            Map<String, String> data = new LinkedHashMap<>();
            data.put("code", attachment.code());
            data.put("profile_id", attachment.profileId());
            return answer(xmlAnswer, data, PromoError.SUCCESS, PromoError.SUCCESS.text());
        } catch (PromoRefusal refusal) {
            return answer(xmlAnswer, null, refusal.error(), refusal.getMessage());
        }
    }

    private PromoAttachRequest read(String body, boolean xml) {
        if (body == null || body.isBlank()) {
            throw new PromoRefusal(PromoError.INVALID_REQUEST, "a JSON or XML body is required");
        }
        if (xml) {
            return PromoAttachRequest.read(PromoXml.readParameters(body), true);
        }
        JsonNode json;
        try {
            json = reader.readTree(body);
        } catch (JacksonException e) {
            throw new PromoRefusal(PromoError.INVALID_REQUEST, "malformed JSON: " + e.getOriginalMessage());
        }
        return PromoAttachRequest.read(json, false);
    }

    private static ResponseEntity<String> answer(boolean xml, Map<String, String> data, PromoError error, String text) {
        if (xml) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(PromoXml.answer(data, error.number(), text));
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (data == null) {
            json.putNull("data");
        } else {
            ObjectNode dataNode = json.putObject("data");
            data.forEach(dataNode::put);
        }
        json.put("error", error.number()).put("error_text", text);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.toString());
    }
}
