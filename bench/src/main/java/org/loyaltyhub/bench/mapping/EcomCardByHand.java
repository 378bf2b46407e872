package org.loyaltyhub.bench.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * {@code mappings/ecom/card.to-canonical.jsonata} written by hand with Jackson's tree: the baseline of the
 * mapping benchmark. Same tolerance (first spelling present wins, a field present with null stays null),
 * same output; the benchmark checks at set-up that both agree on its input.
 */
public final class EcomCardByHand {

    private static final String[] FIRST_NAME = {"first_name", "firstname"};
    private static final String[] LAST_NAME = {"last_name", "lastname"};
    private static final String[] LEGAL_ENTITY = {"legal_entity_name", "legalentityname"};
    private static final String[] BIRTH_DATE = {"date_of_birth", "dateofbirth", "dateof_birth"};
    private static final String[] ADDRESS = {"address", "addresses"};
    private static final String[] USER_ID = {"user_id", "userid"};
    private static final String[] AMOUNT = {"accumulated_amount", "accumulatedamount"};

    private final ObjectMapper json;
    private final String currency;

    public EcomCardByHand(ObjectMapper json, String currency) {
        this.json = json;
        this.currency = currency;
    }

    public byte[] apply(byte[] ecomCard) throws IOException {
        return json.writeValueAsBytes(map(json.readTree(ecomCard)));
    }

    public ObjectNode map(JsonNode card) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode out = nodes.objectNode();
        copy(card, "code", out, "number");
        copy(card, "barcode", out, "barcode");
        copy(card, "active", out, "active");
        ObjectNode holder = out.putObject("holder");
        pick(card, FIRST_NAME, holder, "firstName");
        pick(card, LAST_NAME, holder, "lastName");
        pick(card, LEGAL_ENTITY, holder, "legalEntityName");
        String sex = card.path("sex").asText(null);
        if ("m".equals(sex)) {
            holder.put("gender", "male");
        } else if ("f".equals(sex)) {
            holder.put("gender", "female");
        }
        pick(card, BIRTH_DATE, holder, "birthDate");
        pick(card, ADDRESS, holder, "address");
        JsonNode userId = first(card, USER_ID);
        if (userId != null) {
            if (userId.isNull()) {
                holder.putNull("userId");
            } else {
                holder.put("userId", userId.asText());
            }
        }
        JsonNode amount = first(card, AMOUNT);
        if (amount != null && !amount.isNull()) {
            out.putObject("accumulated").put("amount", amount.asText()).put("currency", currency);
        }
        JsonNode id = card.get("id");
        if (id != null) {
            out.putObject("refs").put("ecom", id.asText());
        }
        return out;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(as, value);
        }
    }

    private static void pick(JsonNode from, String[] spellings, ObjectNode to, String as) {
        JsonNode value = first(from, spellings);
        if (value != null) {
            to.set(as, value);
        }
    }

    /** The value under the first spelling present (possibly a JSON null), or null when none is. */
    private static JsonNode first(JsonNode from, String[] spellings) {
        for (String name : spellings) {
            JsonNode value = from.get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
