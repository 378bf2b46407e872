package org.loyaltyhub.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Operation tables: which operation a canonical event becomes at a target (filled in below). */
@Component("operationPlans")
public class OperationPlans {

    public Optional<JsonNode> plan(String table, String system, JsonNode event, JsonNode subject, Exchange exchange) {
        throw new IllegalArgumentException("no operation table '" + table + "'");
    }

    public String pathOf(String table, JsonNode operation) {
        throw new IllegalArgumentException("no operation table '" + table + "'");
    }

    public void recordApplied(Exchange exchange) {
        // nothing planned, nothing to record
    }
}
