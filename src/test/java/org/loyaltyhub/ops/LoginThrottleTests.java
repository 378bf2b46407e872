package org.loyaltyhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Failed operator logins per client: locked out after the limit, before the password is checked, until the lockout passes. */
class LoginThrottleTests {

    private Instant now = Instant.parse("2026-12-03T10:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(5), new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    });
    /** How often the password was checked (the chain behind the throttle ran). */
    private final AtomicInteger checked = new AtomicInteger();

    @Test
    void aClientIsLockedOutAfterItsFailuresUntilTheLockoutPassesAndOthersAreNot() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(login("10.0.0.1", false)).isEqualTo(401);
        }
        MockHttpServletResponse locked = call("10.0.0.1", true);
        assertThat(locked.getStatus()).isEqualTo(429);
        assertThat(locked.getHeader("Retry-After")).isEqualTo("300");
        assertThat(checked).hasValue(3);
        assertThat(login("10.0.0.2", true)).as("another client").isEqualTo(200);

        now = now.plus(Duration.ofMinutes(5)).plusSeconds(1);
        assertThat(login("10.0.0.1", true)).isEqualTo(200);
    }

    @Test
    void aSuccessfulLoginClearsTheCount() throws Exception {
        login("10.0.0.1", false);
        login("10.0.0.1", false);
        login("10.0.0.1", true);
        login("10.0.0.1", false);
        login("10.0.0.1", false);
        assertThat(login("10.0.0.1", true)).isEqualTo(200);
    }

    @Test
    void requestsWithoutABasicLoginAreNotCounted() throws Exception {
        for (int i = 0; i < 5; i++) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ops/api/systems");
            request.setRemoteAddr("10.0.0.1");
            MockHttpServletResponse response = new MockHttpServletResponse();
            throttle.doFilter(request, response, (req, res) -> ((HttpServletResponse) res).setStatus(401));
        }
        assertThat(login("10.0.0.1", true)).isEqualTo(200);
    }

    private int login(String client, boolean right) throws Exception {
        return call(client, right).getStatus();
    }

    private MockHttpServletResponse call(String client, boolean right) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ops/api/systems");
        request.setRemoteAddr(client);
        request.addHeader("Authorization", "Basic b3BzOnNvbWV0aGluZw==");
        MockHttpServletResponse response = new MockHttpServletResponse();
        throttle.doFilter(request, response, (req, res) -> {
            checked.incrementAndGet();
            ((HttpServletResponse) res).setStatus(right ? 200 : 401);
        });
        return response;
    }
}
