package org.exchangehub.admin.security;

import static org.exchangehub.admin.security.Roles.ADMIN;
import static org.exchangehub.admin.security.Roles.APPROVER;
import static org.exchangehub.admin.security.Roles.AUDITOR;
import static org.exchangehub.admin.security.Roles.DEPARTMENT;
import static org.exchangehub.admin.security.Roles.DEPARTMENT_ADMIN;
import static org.exchangehub.admin.security.Roles.SECURITY_OFFICER;

import java.time.Clock;

import org.exchangehub.admin.ClientCertificates;
import org.exchangehub.admin.DepartmentKeys;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may call what, deny by default. People sign in with HTTP Basic (password hashes from configuration,
 * lockout on repeated failures); department systems with their API key or client certificate. The API is
 * stateless: no session, so no cookie a cross-site request could ride on; {@link RequestGuardFilter} refuses
 * state-changing requests that browsers mark as cross-site.
 * <ul>
 * <li>ADMIN: {@code /api/v1/admin/**} except keys, registry changes, metrics;
 * <li>SECURITY_OFFICER: {@code /api/v1/admin/keys/**} only;
 * <li>AUDITOR: {@code /api/v1/audit/**} only, all of it read-only or producing reports;
 * <li>DEPARTMENT: {@code /api/v1/inbound/**} and {@code /api/v1/feeds/**} (its own records and feeds only);
 * <li>sharing requests ({@code /api/v1/sharing-requests/**}): DEPARTMENT systems and DEPARTMENT_ADMINs request
 * and preview; APPROVERs and DEPARTMENT_ADMINs approve, reject and extend (of their own department only, checked by
 * the catalog); the parties revoke; the parties, ADMIN and AUDITOR read;
 * <li>everyone authenticated: reading the schema registry and the catalog; nobody: anything not listed;
 * <li>anyone: {@code /} (which sends a browser to the console's sign-in), the site icon, health and the API's
 * description — so a browser's own requests are not refused and audited as {@code ACCESS_DENIED}.
 * </ul>
 */
@Configuration
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder(SecurityProperties properties, Clock clock) {
        return new RememberedPasswords(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                properties.credentialsCache(), clock);
    }

    /**
     * No Spring Security observations: they cost each request more than they tell an operator (the hub's own meters
     * and {@code http.server.requests} remain). Switching them off by property still wrapped every filter of the
     * chain in a decorator on every request; without observations Spring Security builds the plain chain.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** Size limits before any other filter, for every request (the API, the console, actuator, errors). */
    @Bean
    FilterRegistrationBean<RequestLimitsFilter> requestLimits(SecurityProperties properties, AccessDenials denials,
            @Value("${hub.ingest.max-payload-bytes:10485760}") long maxPushBytes) {
        FilterRegistrationBean<RequestLimitsFilter> registration = new FilterRegistrationBean<>(new RequestLimitsFilter(
                properties.maxRequestBytes(), maxPushBytes, properties.maxBatchBytes(), properties.maxHeaderBytes(),
                denials));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, DepartmentKeys keys, ClientCertificates certificates,
            KeyRateLimiter limiter, AccessDenials denials, SecurityProperties properties) throws Exception {
        String[] everyone = { ADMIN, SECURITY_OFFICER, AUDITOR, DEPARTMENT, APPROVER, DEPARTMENT_ADMIN };
        String requests = "/api/v1/sharing-requests";
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(denials).realmName("exchange-hub"))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(denials).accessDeniedHandler(denials))
                .addFilterBefore(new RequestGuardFilter(denials),
                        BasicAuthenticationFilter.class)
                .addFilterBefore(new DepartmentCredentialFilter(keys, certificates, limiter, denials),
                        BasicAuthenticationFilter.class)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:;"
                                + " style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none';"
                                + " base-uri 'self'; form-action 'self'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny()))
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(HttpMethod.GET, "/", "/favicon.ico").permitAll()
                        .requestMatchers("/error", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**", "/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/registry/**").hasAnyRole(everyone)
                        .requestMatchers(HttpMethod.POST, "/registry/subjects/*", "/registry/compatibility/**")
                        .hasAnyRole(everyone)
                        .requestMatchers("/registry/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/inbound/**", "/api/v1/feeds/**").hasRole(DEPARTMENT)
                        .requestMatchers("/api/v1/verifications/**", "/api/v1/services/**").hasRole(DEPARTMENT)
                        .requestMatchers(HttpMethod.GET, "/api/v1/catalog", "/api/v1/catalog/*").hasAnyRole(everyone)
                        .requestMatchers(HttpMethod.POST, requests, requests + "/preview")
                        .hasAnyRole(DEPARTMENT, DEPARTMENT_ADMIN)
                        .requestMatchers(HttpMethod.GET, requests, requests + "/*", requests + "/*/preview")
                        .hasAnyRole(DEPARTMENT, DEPARTMENT_ADMIN, APPROVER, ADMIN, AUDITOR)
                        .requestMatchers(HttpMethod.POST, requests + "/*/approve", requests + "/*/reject",
                                requests + "/*/extend").hasAnyRole(APPROVER, DEPARTMENT_ADMIN)
                        .requestMatchers(HttpMethod.POST, requests + "/*/revoke")
                        .hasAnyRole(APPROVER, DEPARTMENT_ADMIN, DEPARTMENT)
                        .requestMatchers("/api/v1/departments/*/api-keys", "/api/v1/departments/*/api-keys/*")
                        .hasAnyRole(APPROVER, DEPARTMENT_ADMIN)
                        .requestMatchers("/api/v1/subscription-approvals", "/api/v1/subscription-approvals/*/*")
                        .hasAnyRole(APPROVER, DEPARTMENT_ADMIN, SECURITY_OFFICER)
                        .requestMatchers("/api/v1/admin/keys", "/api/v1/admin/keys/**").hasRole(SECURITY_OFFICER)
                        .requestMatchers("/api/v1/admin/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/audit/**").hasRole(AUDITOR)
                        .requestMatchers("/actuator/**").hasRole(ADMIN)
                        .anyRequest().denyAll());
        return http.build();
    }
}
