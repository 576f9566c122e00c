package org.exchangehub;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.exchangehub.admin.DepartmentKeys;

/**
 * Credentials for tests against a {@link HubTest} hub: the people of profile test ({@code application-test.yaml}),
 * and department API keys issued through {@link DepartmentKeys}, one per department and hub, as an admin would.
 */
public final class TestCredentials {

    public static final String ADMIN = "test-admin";
    public static final String SECURITY_OFFICER = "test-security";
    public static final String AUDITOR = "test-auditor";
    /** APPROVER of police. */
    public static final String POLICE_APPROVER = "test-police-approver";
    /** APPROVER of health. */
    public static final String HEALTH_APPROVER = "test-health-approver";
    /** DEPARTMENT_ADMIN of civil affairs. */
    public static final String CIVIL_AFFAIRS_ADMIN = "test-civil-affairs-admin";

    private static final Map<String, String> PASSWORDS = Map.of(ADMIN, "test-admin-pw", SECURITY_OFFICER,
            "test-security-pw", AUDITOR, "test-auditor-pw", POLICE_APPROVER, "test-police-approver-pw",
            HEALTH_APPROVER, "test-health-approver-pw", CIVIL_AFFAIRS_ADMIN, "test-civil-affairs-admin-pw");
    private static final Map<DepartmentKeys, Map<String, String>> KEYS = new ConcurrentHashMap<>();

    private TestCredentials() {
    }

    /** A test person's password (for the console's sign-in form). */
    public static String password(String username) {
        return PASSWORDS.get(username);
    }

    /** The {@code Authorization} header value of a test person. */
    public static String basic(String username) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + PASSWORDS.get(username)).getBytes(UTF_8));
    }

    /** The {@code Authorization} header value of a department system of this hub. */
    public static String bearer(DepartmentKeys keys, String department) {
        return "Bearer " + key(keys, department);
    }

    /** A valid API key of a department of this hub (issued once per hub and department). */
    public static String key(DepartmentKeys keys, String department) {
        return KEYS.computeIfAbsent(keys, k -> new ConcurrentHashMap<>()).computeIfAbsent(department,
                d -> keys.issue(d, "test", Duration.ofDays(1), ADMIN).key());
    }
}
