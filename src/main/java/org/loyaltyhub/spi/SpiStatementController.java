package org.loyaltyhub.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A card's statement for operators (behind the operator login, like all of {@code /ops}): its ledger rows,
 * newest first, each with its amounts, the balance after it, what it returns or reverts, what is still
 * returnable of a sale, and where and how it was asked for.
 */
@RestController
public class SpiStatementController {

    private static final Logger LOG = LoggerFactory.getLogger(SpiStatementController.class);

    private final SpiCards cards;
    private final NamedParameterJdbcTemplate jdbc;

    public SpiStatementController(SpiCards cards, NamedParameterJdbcTemplate jdbc) {
        this.cards = cards;
        this.jdbc = jdbc;
    }

    @GetMapping("/ops/api/spi/cards/{cardNumber}/transactions")
    public Map<String, Object> statement(@PathVariable String cardNumber, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page must be >= 0 and size between 1 and 500");
        }
        String number = number(cardNumber);
        LOG.info("Statement of card {} read, page {}", SpiErrors.mask(number), page);
        MapSqlParameterSource card = new MapSqlParameterSource("card", number).addValue("limit", size).addValue("offset", (long) page * size);
        List<Map<String, Object>> items = jdbc.query("""
                SELECT t.id, t.type, t.total_amount, t.discount_amount, t.balance_change, t.balance_after, t.accumulated_change,
                    t.original_transaction_id, t.reverted_by, t.reference, t.store_id, t.register_id, t.request_id,
                    t.canonical ->> 'currency' AS currency, t.created_at,
                    CASE WHEN t.type = 'sale' THEN t.total_amount - coalesce(r.total, 0) END AS returnable_total,
                    CASE WHEN t.type = 'sale' THEN t.discount_amount - coalesce(r.discount, 0) END AS returnable_discount
                FROM spi_transaction t
                LEFT JOIN LATERAL (SELECT sum(total_amount) AS total, sum(discount_amount) AS discount FROM spi_transaction
                    WHERE original_transaction_id = t.id AND type = 'return' AND reverted_by IS NULL) r ON t.type = 'sale'
                WHERE t.card_number = :card
                ORDER BY t.created_at DESC, t.id DESC LIMIT :limit OFFSET :offset
                """, card, (row, i) -> item(row));
        Long total = jdbc.queryForObject("SELECT count(*) FROM spi_transaction WHERE card_number = :card", card, Long.class);
        return Map.of("cardNumber", number, "items", items, "page", page, "size", size, "total", total);
    }

    private String number(String numberOrBarcode) {
        try {
            JsonNode card = cards.find(numberOrBarcode);
            return card.path("number").asText();
        } catch (SpiException notFound) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No card with this number");
        }
    }

    private static Map<String, Object> item(ResultSet row) throws SQLException {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", row.getString("id"));
        item.put("type", row.getString("type"));
        item.put("totalAmount", money(row.getBigDecimal("total_amount")));
        item.put("discountAmount", money(row.getBigDecimal("discount_amount")));
        item.put("currency", row.getString("currency"));
        item.put("balanceChange", money(row.getBigDecimal("balance_change")));
        item.put("balanceAfter", money(row.getBigDecimal("balance_after")));
        item.put("accumulatedChange", money(row.getBigDecimal("accumulated_change")));
        item.put("originalTransactionId", row.getString("original_transaction_id"));
        item.put("revertedBy", row.getString("reverted_by"));
        if (row.getString("type").equals("sale")) {
            item.put("returnable", Map.of("totalAmount", money(row.getBigDecimal("returnable_total")),
                    "discountAmount", money(row.getBigDecimal("returnable_discount"))));
        }
        item.put("reference", row.getString("reference"));
        item.put("storeId", row.getString("store_id"));
        item.put("registerId", row.getString("register_id"));
        item.put("requestId", row.getString("request_id"));
        item.put("createdAt", row.getTimestamp("created_at").toInstant().toString());
        return item;
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
