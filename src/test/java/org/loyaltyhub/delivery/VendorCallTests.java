package org.loyaltyhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.formats.BodyFormat;
import org.yaml.snakeyaml.Yaml;

class VendorCallTests {

    @Test
    void aRoutesParametersBecomeTheCallTypedWithSettingsResolved() {
        Map<String, Object> parameters = Map.of("system", "promo", "entity", "promo-assignment", "path", " /api/v1.1/promocodes/attach ",
                "format", "{{hub.systems.promo.format}}", "recreateWhenMissing", "true", "createOnly", "false", "refName", "");

        VendorCall call = VendorCall.of(parameters, text -> text.replace("{{hub.systems.promo.format}}", "xml"));

        assertThat(call.format()).isEqualTo(BodyFormat.XML);
        assertThat(call.path()).isEqualTo("/api/v1.1/promocodes/attach");
        assertThat(call.recreateWhenMissing()).isTrue();
        assertThat(call.createOnly()).isFalse();
        assertThat(call.refName()).as("no ref name: the system's own").isEqualTo("promo");
        assertThat(call.createdEntity()).isEqualTo("promo-assignment");
        assertThat(call.updatePath()).as("a parameter the route does not hold").isEmpty();
    }

    @Test
    void aSecondIdTheSystemGivesTheEntityIsKeptApart() {
        VendorCall call = VendorCall.of(Map.of("system", "wallet", "entity", "card", "refName", "wallet-customer", "format", "json"),
                text -> text);

        assertThat(call.refName()).isEqualTo("wallet-customer");
        assertThat(call.createdEntity()).isEqualTo("card/wallet-customer");
    }

    @Test
    void aFormatThatIsNeitherJsonNorXmlIsRefusedWithItsValue() {
        assertThatThrownBy(() -> VendorCall.of(Map.of("system", "promo", "format", "yaml"), text -> text))
                .hasMessageContaining("'yaml'");
    }

    /**
     * The template declares the parameters and VendorCall reads them by the same names: a parameter renamed on one side
     * only (the drift the exchange variables once had) would be read as empty.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyParameterOfTheHttpCallTemplateIsReadUnderItsOwnName() throws Exception {
        Map<String, Object> kamelet;
        try (InputStream in = getClass().getResourceAsStream("/camel/kamelets/http-call.kamelet.yaml")) {
            kamelet = new Yaml().load(in);
        }
        Map<String, Object> spec = (Map<String, Object>) kamelet.get("spec");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) spec.get("definition")).get("properties");
        Set<String> declared = new TreeSet<>(properties.keySet());
        declared.remove("name"); // the route's endpoint, not the call's
        Set<String> read = new TreeSet<>();
        for (RecordComponent component : VendorCall.class.getRecordComponents()) {
            read.add(component.getName());
        }
        assertThat(read).isEqualTo(declared);

        Map<String, Object> parameters = new HashMap<>();
        for (String name : declared) {
            String type = String.valueOf(properties.get(name).get("type"));
            parameters.put(name, type.equals("boolean") ? "true" : name.equals("format") ? "xml" : "value-of-" + name);
        }
        VendorCall call = VendorCall.of(parameters, text -> text);
        for (RecordComponent component : VendorCall.class.getRecordComponents()) {
            Object value = component.getAccessor().invoke(call);
            Object expected = switch (String.valueOf(properties.get(component.getName()).get("type"))) {
                case "boolean" -> Boolean.TRUE;
                default -> component.getName().equals("format") ? BodyFormat.XML : "value-of-" + component.getName();
            };
            assertThat(value).as(component.getName()).isEqualTo(expected);
        }
    }
}
