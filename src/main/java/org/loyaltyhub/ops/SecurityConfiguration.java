package org.loyaltyhub.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.util.StringUtils;

/**
 * The operator login (HTTP basic, {@code hub.ops.username}/{@code hub.ops.password}) in front of {@code /ops/**} and
 * the actuator except health, whose details it unlocks. The SPI and the sandbox carry their own checks, and no other
 * path ever runs the password check. Outside the local default the hub does not start with the local default's
 * password ({@code check.ProductionSettingsCheck}).
 * <p>
 * Cross-site requests: there is no session, but a browser replays a Basic login it knows, so every state-changing
 * ops call must carry {@value #REQUESTED_BY}, a header a cross-site form cannot send and a cross-site script may not
 * send without a CORS grant (none is given); the ops page and scripts send it, a request without it is 403.
 * Guessing: a client's failed logins are throttled ({@link LoginThrottle}, 429 before any password check).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String REQUESTED_BY = "X-Requested-By";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    @Order(1)
    SecurityFilterChain operatorLogin(HttpSecurity http, LoginThrottle throttle) throws Exception {
        return http
                .securityMatcher("/ops/**", "/actuator/**")
                // no session and no cookie: the required header below stands in for a CSRF token
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(throttle, BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(SecurityConfiguration::crossSiteCapable).denyAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole("OPERATOR"))
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    /** Everything else (the SPI, the hub's API, webhooks, the sandbox) checks its own keys, never the operator's password. */
    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        return http
                .csrf(csrf -> csrf.disable()) // no session, no cookie: bearer keys are not sent by browsers on their own
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .build();
    }

    /** A state-changing request without the header only the hub's own clients send. */
    private static boolean crossSiteCapable(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod()) && !StringUtils.hasText(request.getHeader(REQUESTED_BY));
    }

    /** The throttle runs inside the operator login's chain only, not as a filter of every request. */
    @Bean
    FilterRegistrationBean<LoginThrottle> loginThrottleOnlyInTheSecurityChain(LoginThrottle throttle) {
        FilterRegistrationBean<LoginThrottle> registration = new FilterRegistrationBean<>(throttle);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    UserDetailsService operators(@Value("${hub.ops.username:}") String username, @Value("${hub.ops.password:}") String password) {
        if (!StringUtils.hasText(username) || !StringUtils.hasText(password)) {
            throw new IllegalStateException("Set hub.ops.username and hub.ops.password (HUB_OPS_USERNAME, HUB_OPS_PASSWORD): the operator login");
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(username).password(encoder.encode(password)).roles("OPERATOR").build());
    }
}
