package org.loyaltyhub.sandbox.faults;

import org.loyaltyhub.sandbox.SandboxConfiguration;
import org.loyaltyhub.sandbox.SandboxValidationException;
import org.loyaltyhub.sandbox.SandboxProperties;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.ecom.EcomSandboxController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;

/** The fault registry, its start-up configuration, and the switch that turns the whole sandbox on. */
class SandboxFaultsTests {

    private final WebApplicationContextRunner context = new WebApplicationContextRunner()
            .withBean(ObjectMapper.class)
            .withUserConfiguration(SandboxConfiguration.class, EcomCardStore.class, EcomSandboxController.class,
                    SandboxFaultController.class);

    @Test
    void registryCountsFailedCallsPerSystemUntilClearedAll() {
        SandboxFaults faults = new SandboxFaults(Map.of());
        faults.set("ecom", new SandboxFault(500, null, null, null, null));
        faults.recordFailedCall("ecom");
        faults.recordFailedCall("ecom");
        faults.recordFailedCall("codes");

        assertThat(faults.clear("ecom")).isTrue();
        assertThat(faults.clear("ecom")).isFalse();
        assertThat(faults.failedCalls("ecom")).isEqualTo(2); // counters outlive the fault, for assertions after it
        assertThat(faults.failedCalls("codes")).isEqualTo(1);
        assertThat(faults.failedCalls("wallet")).isZero();

        faults.clearAll();
        assertThat(faults.failedCalls("ecom")).isZero();
    }

    @Test
    void invalidFaultIsRefused() {
        SandboxFaults faults = new SandboxFaults(Map.of());
        assertThatThrownBy(() -> faults.set("ecom", new SandboxFault(700, 1.0, 0L, false, null)))
                .isInstanceOf(SandboxValidationException.class);
        assertThatThrownBy(() -> faults.set("ecom", new SandboxFault(500, Double.NaN, 0L, false, null)))
                .isInstanceOf(SandboxValidationException.class);
        assertThat(faults.active("ecom")).isEmpty();
    }

    @Test
    void onlySandboxVendorCallsAreFaultable() {
        assertThat(systemOf("/sandbox/ecom/external/discount-card/")).isEqualTo("ecom");
        assertThat(systemOf("/sandbox/codes")).isEqualTo("codes");
        assertThat(systemOf("/sandbox/ecom/_faults")).isNull();
        assertThat(systemOf("/sandbox/ecom/_faults/")).isNull();
        assertThat(systemOf("/sandbox/")).isNull();
        assertThat(systemOf("/spi/discount-cards/lookup")).isNull();
        assertThat(systemOf("/sandboxes/ecom/x")).isNull();
    }

    @Test
    void faultsConfiguredAtStartAreActive() {
        context.withPropertyValues("hub.sandbox.enabled=true", "hub.sandbox.faults.ecom.status=503",
                        "hub.sandbox.faults.ecom.rate=0.25", "hub.sandbox.faults.ecom.delay-ms=40",
                        "hub.sandbox.faults.ecom.retry-after-seconds=3", "hub.sandbox.faults.codes.delay-ms=10")
                .run(started -> {
                    SandboxFaults faults = started.getBean(SandboxFaults.class);
                    assertThat(faults.active("ecom")).contains(new SandboxFault(503, 0.25, 40L, false, 3));
                    assertThat(faults.active("codes")).contains(new SandboxFault(null, 1.0, 10L, false, null));
                    assertThat(faults.active("wallet")).isEmpty();
                });
    }

    @Test
    void invalidFaultConfiguredAtStartStopsTheStart() {
        context.withPropertyValues("hub.sandbox.enabled=true", "hub.sandbox.faults.ecom.rate=2")
                .run(started -> assertThat(started).hasFailed());
    }

    @Test
    void sandboxExistsOnlyWhenEnabled() {
        context.withPropertyValues("hub.sandbox.enabled=true").run(started -> assertThat(started)
                .hasSingleBean(SandboxFaults.class).hasSingleBean(EcomCardStore.class)
                .hasSingleBean(EcomSandboxController.class).hasSingleBean(SandboxFaultController.class)
                .hasSingleBean(FilterRegistrationBean.class).hasBean("sandboxFaults").hasBean("ecomCardStore"));
        context.run(started -> assertThat(started).hasNotFailed()
                .doesNotHaveBean(SandboxFaults.class).doesNotHaveBean(EcomCardStore.class)
                .doesNotHaveBean(EcomSandboxController.class).doesNotHaveBean(SandboxFaultController.class)
                .doesNotHaveBean(SandboxProperties.class).doesNotHaveBean(FilterRegistrationBean.class));
        context.withPropertyValues("hub.sandbox.enabled=false")
                .run(started -> assertThat(started).doesNotHaveBean(SandboxFaults.class));
    }

    private static String systemOf(String path) {
        return SandboxFaultFilter.faultableSystem(new MockHttpServletRequest("GET", path));
    }
}
