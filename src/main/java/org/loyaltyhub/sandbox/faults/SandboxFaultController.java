package org.loyaltyhub.sandbox.faults;

import org.loyaltyhub.sandbox.SandboxValidationException;
import org.loyaltyhub.sandbox.SandboxProblem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sets, shows and clears the fault of one sandbox system: {@code /sandbox/<system>/_faults}. */
@RestController
@RequestMapping(path = "/sandbox/{system}/" + SandboxFaultFilter.FAULTS_SEGMENT, produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public class SandboxFaultController {

    private final SandboxFaults faults;
    private final ObjectReader reader;

    public SandboxFaultController(SandboxFaults faults, ObjectMapper mapper) {
        this.faults = faults;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @PutMapping
    public SandboxFault set(@PathVariable String system, @RequestBody(required = false) String body) {
        return faults.set(system, read(body));
    }

    @GetMapping
    public ResponseEntity<?> get(@PathVariable String system) {
        return faults.active(system).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("error", "no fault is set for " + system)));
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void clear(@PathVariable String system) {
        faults.clear(system);
    }

    @ExceptionHandler(SandboxValidationException.class)
    ResponseEntity<Map<String, Object>> refuse(SandboxValidationException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(e.body());
    }

    /** Reads a fault strictly: a misspelt key would otherwise silently leave the fault without effect. */
    private SandboxFault read(String body) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : reader.readTree(body);
        } catch (JacksonException e) {
            throw new SandboxValidationException("malformed JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new SandboxValidationException("the body must be a JSON object such as "
                    + "{\"status\": 500, \"rate\": 0.5, \"delayMs\": 0, \"timeout\": false, \"retryAfterSeconds\": null} "
                    + "or {\"mode\": \"partial-bulk\", \"variant\": \"rest-applied\", \"path\": \"/external/discount-card/bulk-create/\"}");
        }
        List<SandboxProblem> unknown = new ArrayList<>();
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SandboxFault.KEYS.contains(name)) {
                unknown.add(new SandboxProblem(null, name, "unknown key; known keys are " + SandboxFault.KEYS));
            }
        }
        if (!unknown.isEmpty()) {
            throw new SandboxValidationException("invalid fault", unknown);
        }
        try {
            return reader.treeToValue(json, SandboxFault.class);
        } catch (JacksonException e) {
            throw new SandboxValidationException("invalid fault: " + e.getOriginalMessage());
        }
    }
}
