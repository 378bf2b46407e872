package org.loyaltyhub.bench.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SPI latency benchmark's baseline, on the hub's own HTTP server: {@code POST /bench/baseline/lookup} with
 * the SPI lookup's body reads the same card row as the SPI lookup with one JDBC query on the hub's own pool and
 * answers a small JSON. Registered only with {@code hub.bench.enabled=true}, which only bench harnesses set; its
 * class is on the class path only when the hub runs from the test classes (bench/run), never in the jar.
 */
@RestController
@ConditionalOnProperty(name = "hub.bench.enabled", havingValue = "true")
public class BenchBaselineController {

    static final String PATH = "/bench/baseline/lookup";
    private static final String CARD = "SELECT body FROM canonical_entity WHERE entity = 'card' AND entity_key = ?";

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();

    public BenchBaselineController(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> lookup(@RequestBody byte[] body) throws IOException, SQLException {
        String number = json.readTree(body).path("card_number").asText();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(CARD)) {
            query.setString(1, number);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return ResponseEntity.status(404).body(json.writeValueAsBytes(json.createObjectNode().put("error_code", "card-not-found")));
                }
                JsonNode card = json.readTree(row.getString(1));
                ObjectNode answer = json.createObjectNode()
                        .put("card_number", card.path("number").asText())
                        .put("active", card.path("active").asBoolean(true))
                        .put("accumulated_amount", card.path("accumulated").path("amount").asText("0.00"));
                return ResponseEntity.ok(json.writeValueAsBytes(answer));
            }
        }
    }
}
