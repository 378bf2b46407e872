package org.loyaltyhub.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.loyaltyhub.store.CanonicalStore;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Finds the canonical card a register means: by card number, then by barcode (canonical_entity_card_barcode index). */
@Component
public class SpiCards {

    private final CanonicalStore store;
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public SpiCards(CanonicalStore store, NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.store = store;
        this.jdbc = jdbc;
        this.json = json;
    }

    public JsonNode find(String numberOrBarcode) {
        return store.find("card", numberOrBarcode).or(() -> byBarcode(numberOrBarcode))
                .orElseThrow(() -> new SpiException(404, "card-not-found", "No discount card with this number"));
    }

    private Optional<JsonNode> byBarcode(String barcode) {
        return jdbc.query("""
                SELECT body FROM canonical_entity WHERE entity = 'card' AND body ->> 'barcode' = :barcode
                ORDER BY entity_key LIMIT 1
                """, new MapSqlParameterSource("barcode", barcode), (row, i) -> readTree(row.getString("body"))).stream().findFirst();
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored card is not JSON", e);
        }
    }
}
