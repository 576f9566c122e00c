package org.exchangehub.admin.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.security.*}: the people who may sign in, login lockout, department key defaults, rate and size limits.
 *
 * @param users             people: username, password hash with its encoder id ({@code {bcrypt}…}, {@code {argon2@…}…}),
 *                          exactly one role (ADMIN, SECURITY_OFFICER or AUDITOR — 三员分立 — or, for people of a
 *                          department, APPROVER or DEPARTMENT_ADMIN with that department's code)
 * @param demoUsers         profile demo only: create {@code admin}, {@code security} and {@code auditor} with random
 *                          passwords kept in {@code <data-dir>/demo-users.properties}
 * @param maxFailedLogins   failed logins in a row before an account is locked (default 5)
 * @param lockout           first lockout (default 1 minute); each further one doubles, up to {@code maxLockout}
 * @param maxLockout        longest lockout (default 1 hour)
 * @param keyValidity       validity of a department API key when the request names none (default 365 days)
 * @param rateLimit         requests per department key
 * @param maxRequestBytes   largest request body outside the push API (default 1 MiB); larger ones get 413, chunked
 *                          or not
 * @param maxBatchBytes     largest file of verification questions ({@code POST /api/v1/verifications/{service}/batches},
 *                          default 16 MiB: 100,000 rows of JSON with names fit)
 * @param maxHeaderBytes    largest request line and headers together (default 16 KiB); larger ones get 431 (the
 *                          servlet container refuses over {@code server.max-http-request-header-size}, 64 KB, with 400)
 * @param credentialsCache  how long a person's verified password is remembered, so that HTTP Basic on every request
 *                          pays the slow password hash once in that time (default 5 minutes; 0 remembers nothing).
 *                          Only matches are remembered, as a keyed hash; wrong passwords always pay the slow hash
 */
@ConfigurationProperties("hub.security")
public record SecurityProperties(
        List<User> users,
        @DefaultValue("false") boolean demoUsers,
        @DefaultValue("5") int maxFailedLogins,
        @DefaultValue("1m") Duration lockout,
        @DefaultValue("1h") Duration maxLockout,
        @DefaultValue("365d") Duration keyValidity,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue("1048576") long maxRequestBytes,
        @DefaultValue("16384") long maxHeaderBytes,
        @DefaultValue("16777216") long maxBatchBytes,
        @DefaultValue("5m") Duration credentialsCache) {

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        if (credentialsCache == null || credentialsCache.isNegative()) {
            throw new IllegalArgumentException("hub.security.credentials-cache: a duration of 0 or more, e.g. 5m");
        }
    }

    /** A person who may sign in; {@code department} only (and always) for APPROVER and DEPARTMENT_ADMIN. */
    public record User(String username, String passwordHash, String role, String department) {
    }

    /**
     * A token bucket per department key.
     *
     * @param requestsPerSecond sustained rate (default 100)
     * @param burst             requests allowed at once (default 200)
     */
    public record RateLimit(@DefaultValue("100") double requestsPerSecond, @DefaultValue("200") int burst) {
    }
}
