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
 * Unknown usernames are counted the same, so lockout does not tell which accounts exist. Per node, in memory, for at
 * most 10,000 names; a flood of fresh names forgets names that are not locked, never a locked one first.
 */
@Component
class LoginAttempts {

    private static final int TRACKED = 10_000;

    private record State(int failures, int locks, Instant lockedUntil) {
    }

    private final SecurityProperties properties;
    private final Clock clock;
    /** In access order; over {@link #TRACKED} names the least recently seen one that is not locked is forgotten. */
    private final Map<String, State> states = new LinkedHashMap<>(16, 0.75f, true);

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
        if (states.size() > TRACKED) {
            forgetOne();
        }
    }

    /**
     * Forgets the least recently seen name that is not locked now, so that a flood of fresh names can never unlock
     * an account; when every tracked name is locked, the one whose lock ends first.
     */
    private void forgetOne() {
        Instant now = clock.instant();
        String soonest = null;
        Instant soonestEnd = null;
        for (var iterator = states.entrySet().iterator(); iterator.hasNext();) {
            var entry = iterator.next();
            Instant until = entry.getValue().lockedUntil();
            if (until == null || !now.isBefore(until)) {
                iterator.remove();
                return;
            }
            if (soonestEnd == null || until.isBefore(soonestEnd)) {
                soonest = entry.getKey();
                soonestEnd = until;
            }
        }
        states.remove(soonest);
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
