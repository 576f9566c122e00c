package org.exchangehub.exchange;

import java.util.Optional;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The department system making the current request, when it authenticated with a department credential (API key
 * or client certificate): such principals carry the authority {@code ROLE_DEPARTMENT} and the department code as
 * their name. Department endpoints use it to keep each department to its own data.
 */
public final class CallingDepartment {

    /** The authority every department principal has. */
    public static final String AUTHORITY = "ROLE_DEPARTMENT";

    /** Prefix of the authority naming the department a person acts for (APPROVER, DEPARTMENT_ADMIN). */
    public static final String SCOPE_PREFIX = "DEPARTMENT_SCOPE_";

    private CallingDepartment() {
    }

    /** The calling department's code, or empty for people and anonymous callers. */
    public static Optional<String> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        return authentication.getAuthorities().stream().anyMatch(a -> AUTHORITY.equals(a.getAuthority()))
                ? Optional.of(authentication.getName()) : Optional.empty();
    }

    /**
     * The department the caller acts for: a department system's own code, or the department of a person scoped to
     * one (APPROVER, DEPARTMENT_ADMIN); empty for the hub's staff and anonymous callers.
     */
    public static Optional<String> actingFor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        return current().or(() -> authentication.getAuthorities().stream().map(a -> a.getAuthority())
                .filter(a -> a != null && a.startsWith(SCOPE_PREFIX)).map(a -> a.substring(SCOPE_PREFIX.length()))
                .findFirst());
    }

    /** True when the caller holds the role (without its {@code ROLE_} prefix). */
    public static boolean hasRole(String role) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && authentication.getAuthorities().stream().anyMatch(a -> ("ROLE_" + role).equals(a.getAuthority()));
    }

    /**
     * Refuses the request unless the caller is the given department. The refusal says nothing about whether the
     * resource exists: callers use it for missing resources too.
     *
     * @throws AccessDeniedException when the caller is not that department
     */
    public static void require(String department, String what) {
        if (department == null || !current().map(department::equals).orElse(false)) {
            throw new AccessDeniedException("not this department's " + what);
        }
    }
}
