package org.exchangehub.admin.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Failed logins per username, with lockout and backoff: after {@code hub.security.max-failed-logins} failures in
 * a row the account is locked for {@code lockout}, and each further lock of the same account doubles, up to
 * {@code max-lockout}. A successful login clears the record. While locked even the right password is refused.
 * Unknown usernames are counted the same, so lockout does not tell which accounts exist. Per node, in memory.
 */
@Component
class LoginAttempts {

    private static final int TRACKED = 10_000;

    private record State(int failures, int locks, Instant lockedUntil) {
    }

    private final SecurityProperties properties;
    private final Clock clock;
    private final Map<String, State> states = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > TRACKED;
        }
    };

    LoginAttempts(SecurityProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    synchronized boolean isLocked(String username) {
        State state = states.get(username);
        return state != null && state.lockedUntil() != null && clock.instant().isBefore(state.lockedUntil());
    }

    synchronized void failed(String username) {
        State state = states.getOrDefault(username, new State(0, 0, null));
        int failures = state.failures() + 1;
        if (failures >= properties.maxFailedLogins()) {
            Duration lock = properties.lockout().multipliedBy(1L << Math.min(state.locks(), 20));
            if (lock.compareTo(properties.maxLockout()) > 0) {
                lock = properties.maxLockout();
            }
            states.put(username, new State(0, state.locks() + 1, clock.instant().plus(lock)));
        } else {
            states.put(username, new State(failures, state.locks(), state.lockedUntil()));
        }
    }

    synchronized void succeeded(String username) {
        states.remove(username);
    }

    @EventListener
    void on(AuthenticationFailureBadCredentialsEvent event) {
        failed(event.getAuthentication().getName());
    }

    @EventListener
    void on(AuthenticationSuccessEvent event) {
        if (!event.getAuthentication().getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_" + Roles.DEPARTMENT))) {
            succeeded(event.getAuthentication().getName());
        }
    }
}
