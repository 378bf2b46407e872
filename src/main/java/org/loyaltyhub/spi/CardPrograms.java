package org.loyaltyhub.spi;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.programs}: the card programs by key; a card names its program in its canonical {@code program}. */
@ConfigurationProperties("hub")
public record CardPrograms(@DefaultValue Map<String, CardProgram> programs) {

    /** The card's program, or the default program when the card names none; a card naming an unknown one is an error. */
    public CardProgram of(String programKey, String defaultProgram) {
        String key = programKey == null || programKey.isBlank() ? defaultProgram : programKey;
        CardProgram program = programs.get(key);
        if (program == null) {
            throw new SpiException(500, "program-not-configured", "The card's program is not configured");
        }
        return program;
    }
}
