package org.loyaltyhub.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.camel.Exchange;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/** The hub's copy of the SPI contract ({@code spi/openapi.yaml} in the jar), served as JSON at {@code /spi/openapi.json}. */
@Component("spiOpenApi")
public class SpiOpenApi {

    public static final String CONTRACT = "spi/openapi.yaml";

    private final byte[] document;

    public SpiOpenApi(ObjectMapper json) {
        try (InputStream in = new ClassPathResource(CONTRACT).getInputStream()) {
            Object contract = new Yaml().load(in);
            this.document = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(contract);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the SPI contract " + CONTRACT, e);
        }
    }

    public void answer(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(document);
    }
}
