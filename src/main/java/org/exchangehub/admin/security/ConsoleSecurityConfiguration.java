package org.exchangehub.admin.security;

import static org.exchangehub.admin.security.Roles.ADMIN;
import static org.exchangehub.admin.security.Roles.APPROVER;
import static org.exchangehub.admin.security.Roles.AUDITOR;
import static org.exchangehub.admin.security.Roles.DEPARTMENT_ADMIN;
import static org.exchangehub.admin.security.Roles.SECURITY_OFFICER;

import java.io.IOException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web console's door, a chain of its own before the API's: people sign in with a form (same users, password
 * hashes and lockout as the API), keep a session (fixation-safe, {@code server.servlet.session.timeout}), and
 * every form and htmx request carries a CSRF token; a request of an ended session goes to the sign-in page with a
 * notice. Pages by role (三员分立): the dashboard and the sharing catalog for every person; sharing requests for ADMIN,
 * AUDITOR (reading) and department people (APPROVER, DEPARTMENT_ADMIN: acting, for their own department only);
 * routes, departments, subscriptions, quarantine and dead letters for ADMIN; audit for AUDITOR; keys for
 * SECURITY_OFFICER; anything else under {@code /console} is denied. Failed sign-ins and refused pages are
 * {@code ACCESS_DENIED} audit events like the API's. An htmx request whose session ended is answered 401 with
 * {@code HX-Redirect} to the sign-in page instead of a login page inside a fragment.
 */
@Configuration
class ConsoleSecurityConfiguration {

    static final String LOGIN = "/console/login";

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, AccessDenials denials) throws Exception {
        AccessDeniedHandlerImpl deniedPage = new AccessDeniedHandlerImpl();
        deniedPage.setErrorPage("/console/denied");
        LoginUrlAuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint(LOGIN);
        http.securityMatcher("/console", "/console/**", "/webjars/**")
                .formLogin(form -> form.loginPage(LOGIN).loginProcessingUrl(LOGIN)
                        .defaultSuccessUrl("/console/dashboard", false)
                        .failureHandler((request, response, e) -> failedSignIn(denials, request, response, e)))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl(LOGIN + "?signedOut"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId())
                        .invalidSessionStrategy(ConsoleSecurityConfiguration::sessionEnded))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> {
                            if (request.getHeader("HX-Request") != null) {
                                toSignIn(request, response);
                            } else {
                                loginPage.commence(request, response, e);
                            }
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            var authentication = SecurityContextHolder.getContext().getAuthentication();
                            denials.audited(request, authentication == null ? "anonymous" : authentication.getName(),
                                    403, "FORBIDDEN");
                            deniedPage.handle(request, response, e);
                        }))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:;"
                                + " style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none';"
                                + " frame-ancestors 'none'; base-uri 'self'; form-action 'self'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny()))
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(LOGIN, "/console/denied", "/console/assets/**", "/webjars/**").permitAll()
                        .requestMatchers("/console", "/console/dashboard", "/console/dashboard/**", "/console/catalog",
                                "/console/catalog/*").hasAnyRole(ADMIN, SECURITY_OFFICER, AUDITOR, APPROVER, DEPARTMENT_ADMIN)
                        .requestMatchers(HttpMethod.POST, "/console/catalog/*/request").hasRole(DEPARTMENT_ADMIN)
                        .requestMatchers(HttpMethod.GET, "/console/requests", "/console/requests/*")
                        .hasAnyRole(ADMIN, AUDITOR, APPROVER, DEPARTMENT_ADMIN)
                        .requestMatchers(HttpMethod.POST, "/console/requests/*/*").hasAnyRole(APPROVER, DEPARTMENT_ADMIN)
                        .requestMatchers("/console/routes/**", "/console/departments/**", "/console/subscriptions/**",
                                "/console/quarantine/**", "/console/dead-letters/**", "/console/record-types/**")
                        .hasRole(ADMIN)
                        .requestMatchers("/console/verifications", "/console/verifications/**")
                        .hasAnyRole(APPROVER, DEPARTMENT_ADMIN)
                        .requestMatchers(HttpMethod.GET, "/console/verification-stats").hasAnyRole(ADMIN, AUDITOR)
                        .requestMatchers("/console/audit/**").hasRole(AUDITOR)
                        .requestMatchers("/console/keys/**").hasRole(SECURITY_OFFICER)
                        .requestMatchers("/console/approvals", "/console/approvals/**")
                        .hasAnyRole(APPROVER, DEPARTMENT_ADMIN, SECURITY_OFFICER)
                        .anyRequest().denyAll());
        return http.build();
    }

    /**
     * A request of a session that ended (timeout, sign-out elsewhere, restart): to the sign-in page with a notice; an
     * htmx request is answered 401 with {@code HX-Redirect}, so that the page, not a fragment, goes there. A form
     * sent then is kept by the page's script (console.js) and given back after signing in.
     */
    private static void sessionEnded(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getRequestedSessionId() == null) {
            // no session was ever presented: a form post without its token (CSRF), not an ended session
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        request.getSession(true);
        toSignIn(request, response);
    }

    /** To the sign-in page with the "session ended" notice; for htmx as 401 with {@code HX-Redirect}. */
    private static void toSignIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", LOGIN + "?expired");
            response.setStatus(401);
        } else {
            response.sendRedirect(request.getContextPath() + LOGIN + "?expired");
        }
    }

    private static void failedSignIn(AccessDenials denials, HttpServletRequest request, HttpServletResponse response,
            AuthenticationException e) throws IOException {
        boolean locked = e instanceof LockedException;
        String user = request.getParameter("username");
        denials.audited(request, user == null || user.isBlank() ? "anonymous" : user.strip(), 401,
                locked ? "LOCKED" : "BAD_CREDENTIALS");
        response.sendRedirect(request.getContextPath() + LOGIN + (locked ? "?locked" : "?error"));
    }
}
