package org.loyaltyhub.ops;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.StringUtils;

/**
 * The operator login (HTTP basic, {@code hub.ops.username}/{@code hub.ops.password}) in front of
 * {@code /ops/**} and the actuator except health. The SPI and the sandbox carry their own checks.
 * Outside the local default the hub does not start with the local default's password.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String LOCAL_DEFAULT_PASSWORD = "local-dev";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http
                .csrf(csrf -> csrf.disable()) // no browser session: every call carries its credentials
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/ops/**", "/actuator/**").hasRole("OPERATOR")
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserDetailsService operators(@Value("${hub.ops.username:}") String username, @Value("${hub.ops.password:}") String password,
            Environment environment) {
        boolean localDefault = environment.getProperty("hub.local-default", Boolean.class, false);
        if (!StringUtils.hasText(username) || !StringUtils.hasText(password)) {
            throw new IllegalStateException("Set hub.ops.username and hub.ops.password (HUB_OPS_USERNAME, HUB_OPS_PASSWORD): the operator login");
        }
        if (!localDefault && LOCAL_DEFAULT_PASSWORD.equals(password)) {
            throw new IllegalStateException("hub.ops.password is the local default's; set a real one outside the local default");
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(username).password(encoder.encode(password)).roles("OPERATOR").build());
    }
}
