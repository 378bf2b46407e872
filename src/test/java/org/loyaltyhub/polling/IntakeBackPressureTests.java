package org.loyaltyhub.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IntakeBackPressureTests {

    @Test
    void aPollIsHeldWhileAnotherSystemsBacklogIsOverTheLimitAndSaysWhose() {
        IntakeBackPressure pressure = new IntakeBackPressure(1_000);
        pressure.measured(Map.of("wallet", 1_500L, "codes", 10L, "ecom", 5_000L));

        assertThat(pressure.allows("codes")).isFalse();
        assertThat(pressure.heldBy("codes")).hasValue("ecom: 5000 events waiting, over 1000");
        // its own backlog does not hold a system's polls: its events go to the others
        assertThat(pressure.heldBy("ecom")).hasValue("wallet: 1500 events waiting, over 1000");

        pressure.measured(Map.of("wallet", 1_000L, "ecom", 5_000L));
        assertThat(pressure.allows("ecom")).as("at the limit, not over it").isTrue();
        assertThat(pressure.allows("codes")).isFalse();
    }

    @Test
    void noLimitHoldsNothing() {
        IntakeBackPressure pressure = new IntakeBackPressure(0);
        pressure.measured(Map.of("wallet", Long.MAX_VALUE));
        assertThat(pressure.allows("codes")).isTrue();
        assertThat(pressure.heldBy("codes")).isEmpty();
    }
}
