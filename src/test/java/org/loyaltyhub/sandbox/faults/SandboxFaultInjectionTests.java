package org.loyaltyhub.sandbox.faults;

import org.loyaltyhub.sandbox.SandboxProperties;
import org.loyaltyhub.sandbox.codes.CodesDiscountCodeStore;
import org.loyaltyhub.sandbox.codes.CodesSandboxController;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.ecom.EcomSandboxController;
import org.loyaltyhub.sandbox.promo.PromoCodeBook;
import org.loyaltyhub.sandbox.promo.PromoSandboxController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** Faults over HTTP: the fault endpoints and what a fault does to the calls of a sandbox vendor. */
class SandboxFaultInjectionTests {

    private static final String ECOM_FAULTS = "/sandbox/ecom/_faults";
    private static final String ECOM_CARDS = "/sandbox/ecom/external/discount-card/";

    private final SandboxFaults faults = new SandboxFaults(Map.of());
    private final EcomCardStore store = new EcomCardStore();
    /** What the filter waited for: delays and hangs are observed, never waited out. */
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        ObjectMapper mapper = new ObjectMapper();
        mvc = MockMvcBuilders
                .standaloneSetup(new EcomSandboxController(store, mapper), new SandboxFaultController(faults, mapper),
                        new CodesSandboxController(new CodesDiscountCodeStore(), mapper),
                        new PromoSandboxController(new PromoCodeBook(), new SandboxProperties(true, Map.of(), null, null), mapper))
                .addFilter(new SandboxFaultFilter(faults, sleeps::add), "/sandbox/*")
                .build();
    }

    @Test
    void faultIsEchoedWithItsDefaultsAndShown() throws Exception {
        String echo = """
                {"status": 500, "rate": 1.0, "delayMs": 0, "timeout": false, "retryAfterSeconds": null}""";
        setFault("{\"status\": 500}").andExpect(status().isOk()).andExpect(content().json(echo, JsonCompareMode.STRICT));
        mvc.perform(get(ECOM_FAULTS)).andExpect(status().isOk()).andExpect(content().json(echo, JsonCompareMode.STRICT));
        assertThat(faults.active("ecom")).contains(new SandboxFault(500, 1.0, 0L, false, null));
    }

    @Test
    void rateOneFailsEveryCallBeforeItReachesTheVendor() throws Exception {
        setFault("{\"status\": 500, \"rate\": 1}").andExpect(status().isOk());

        for (int i = 0; i < 20; i++) {
            mvc.perform(get(ECOM_CARDS)).andExpect(status().isInternalServerError())
                    .andExpect(content().json("{\"error\": \"injected fault\"}", JsonCompareMode.STRICT))
                    .andExpect(header().doesNotExist("Retry-After"));
        }
        mvc.perform(post(ECOM_CARDS + "bulk-create/").contentType(MediaType.APPLICATION_JSON)
                .content("[{\"code\": \"c\", \"barcode\": \"b\"}]")).andExpect(status().isInternalServerError());

        assertThat(faults.failedCalls("ecom")).isEqualTo(21);
        assertThat(store.journal()).isEmpty();
    }

    @Test
    void rateZeroFailsNoCall() throws Exception {
        setFault("{\"status\": 500, \"rate\": 0}").andExpect(status().isOk());
        for (int i = 0; i < 20; i++) {
            mvc.perform(get(ECOM_CARDS)).andExpect(status().isOk());
        }
        assertThat(faults.failedCalls("ecom")).isZero();
    }

    @Test
    void rateIsTheShareOfFailedCalls() throws Exception {
        setFault("{\"status\": 503, \"rate\": 0.5}").andExpect(status().isOk());
        int calls = 1000;
        for (int i = 0; i < calls; i++) {
            mvc.perform(get(ECOM_CARDS + "1/"));
        }
        // binomial(1000, 0.5): these bounds are more than 9 standard deviations wide
        assertThat(faults.failedCalls("ecom")).isBetween(350L, 650L);
    }

    @Test
    void deleteClearsTheFault() throws Exception {
        setFault("{\"status\": 502}").andExpect(status().isOk());
        mvc.perform(get(ECOM_CARDS)).andExpect(status().isBadGateway());

        mvc.perform(delete(ECOM_FAULTS)).andExpect(status().isNoContent());

        mvc.perform(get(ECOM_CARDS)).andExpect(status().isOk());
        mvc.perform(get(ECOM_FAULTS)).andExpect(status().isNotFound()).andExpect(jsonPath("$.error").isString());
        mvc.perform(delete(ECOM_FAULTS)).andExpect(status().isNoContent()); // clearing twice is harmless
        assertThat(faults.failedCalls("ecom")).isEqualTo(1);
    }

    @Test
    void faultEndpointsAreNeverFaulted() throws Exception {
        setFault("{\"status\": 500, \"delayMs\": 100}").andExpect(status().isOk());
        mvc.perform(get(ECOM_FAULTS)).andExpect(status().isOk());
        mvc.perform(delete(ECOM_FAULTS)).andExpect(status().isNoContent());
        assertThat(sleeps).isEmpty();
        assertThat(faults.failedCalls("ecom")).isZero();
    }

    @Test
    void faultAffectsOnlyItsSystem() throws Exception {
        mvc.perform(put("/sandbox/codes/_faults").contentType(MediaType.APPLICATION_JSON).content("{\"status\": 500}"))
                .andExpect(status().isOk());
        mvc.perform(get(ECOM_CARDS)).andExpect(status().isOk());
        assertThat(faults.failedCalls("ecom")).isZero();
    }

    @Test
    void faultsApplyToTheCodesAndPromoSandboxesToo() throws Exception {
        mvc.perform(put("/sandbox/codes/_faults").contentType(MediaType.APPLICATION_JSON).content("{\"status\": 503}"))
                .andExpect(status().isOk());
        mvc.perform(put("/sandbox/promo/_faults").contentType(MediaType.APPLICATION_JSON).content("{\"status\": 500}"))
                .andExpect(status().isOk());

        mvc.perform(get("/sandbox/codes/api/v2/admin/discount-codes")).andExpect(status().isServiceUnavailable());
        mvc.perform(get("/sandbox/codes/api/v2/admin/discount-codes/1")).andExpect(status().isServiceUnavailable());
        mvc.perform(post("/sandbox/promo/api/v1.1/promocodes/attach").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().json("{\"error\": \"injected fault\"}", JsonCompareMode.STRICT));
        assertThat(faults.failedCalls("codes")).isEqualTo(2);
        assertThat(faults.failedCalls("promo")).isEqualTo(1);

        mvc.perform(delete("/sandbox/codes/_faults")).andExpect(status().isNoContent());
        mvc.perform(get("/sandbox/codes/api/v2/admin/discount-codes")).andExpect(status().isOk());
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 503})
    void retryAfterIsSentWithThrottlingAndUnavailable(int status) throws Exception {
        setFault("{\"status\": " + status + ", \"retryAfterSeconds\": 7}").andExpect(status().isOk());
        mvc.perform(get(ECOM_CARDS)).andExpect(status().is(status)).andExpect(header().string("Retry-After", "7"));
    }

    @Test
    void retryAfterIsNotSentWithOtherStatuses() throws Exception {
        setFault("{\"status\": 500, \"retryAfterSeconds\": 7}").andExpect(status().isOk());
        mvc.perform(get(ECOM_CARDS)).andExpect(status().isInternalServerError()).andExpect(header().doesNotExist("Retry-After"));
    }

    @Test
    void faultWithoutStatusOnlyDelaysAndTheCallGoesThrough() throws Exception {
        setFault("{\"delayMs\": 250}").andExpect(status().isOk());
        mvc.perform(get(ECOM_CARDS)).andExpect(status().isOk());
        assertThat(sleeps).containsExactly(Duration.ofMillis(250));
        assertThat(faults.failedCalls("ecom")).isZero();
    }

    @Test
    void delayAppliesToFailedCallsAndToCallsThatPass() throws Exception {
        setFault("{\"status\": 500, \"rate\": 0, \"delayMs\": 40}").andExpect(status().isOk());
        mvc.perform(get(ECOM_CARDS)).andExpect(status().isOk());
        setFault("{\"status\": 500, \"rate\": 1, \"delayMs\": 40}").andExpect(status().isOk());
        mvc.perform(get(ECOM_CARDS)).andExpect(status().isInternalServerError());
        assertThat(sleeps).containsExactly(Duration.ofMillis(40), Duration.ofMillis(40));
    }

    @Test
    void timeoutHangsTheCallLongerThanAClientWaits() throws Exception {
        setFault("{\"timeout\": true, \"status\": 504}").andExpect(status().isOk());
        mvc.perform(get(ECOM_CARDS)).andExpect(status().isGatewayTimeout());
        setFault("{\"timeout\": true}").andExpect(status().isOk());
        mvc.perform(get(ECOM_CARDS)).andExpect(status().isOk()); // late: the client has given up by now

        assertThat(sleeps).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(faults.failedCalls("ecom")).isEqualTo(2);
    }

    @Test
    void hangInterruptedByShutdownEndsAsAnOutage() throws Exception {
        MockMvc interrupted = MockMvcBuilders.standaloneSetup(new EcomSandboxController(store, new ObjectMapper()))
                .addFilter(new SandboxFaultFilter(faults, duration -> {
                    throw new InterruptedException("server stopping");
                }), "/sandbox/*")
                .build();
        faults.set("ecom", new SandboxFault(null, 1.0, 0L, true, null));
        try {
            interrupted.perform(get(ECOM_CARDS)).andExpect(status().isServiceUnavailable());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted(); // clear the flag the filter restored, for the tests after this one
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"rate\": 1.5}", "{\"rate\": -0.1}", "{\"status\": 99}", "{\"status\": 600}",
            "{\"delayMs\": -1}", "{\"retryAfterSeconds\": -5}", "{\"delay_ms\": 100}", "{\"rate\": \"often\"}",
            "{\"status\": 500", "[{\"status\": 500}]", ""})
    void unusableFaultIsRefused(String body) throws Exception {
        setFault(body).andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").isString());
        assertThat(faults.active("ecom")).isEmpty();
    }

    @Test
    void refusalNamesTheOffendingField() throws Exception {
        setFault("{\"status\": 500, \"rate\": 2}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.details[0].field").value("rate"))
                .andExpect(jsonPath("$.details[0].message").value(containsString("between 0 and 1")));
    }

    private ResultActions setFault(String body) throws Exception {
        return mvc.perform(put(ECOM_FAULTS).contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
