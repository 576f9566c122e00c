package org.exchangehub.admin.security;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import org.exchangehub.exchange.CallingDepartment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The people who may sign in: {@code hub.security.users} (password hashes only, checked at startup: a bad entry
 * stops the hub naming its key) and, under profile demo, the demo users. Accounts locked by
 * {@link LoginAttempts} are returned locked, so the right password is refused while the lock lasts.
 */
@Component
class HubUsers implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(HubUsers.class);
    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");
    private static final List<String> ENCODERS = List.of("{bcrypt}", "{argon2@SpringSecurity_v5_8}",
            "{pbkdf2@SpringSecurity_v5_8}", "{scrypt@SpringSecurity_v5_8}");
    private static final Pattern DEPARTMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private record Account(String passwordHash, String role, String department) {
    }

    /** The demo people (profile demo): the hub's staff and, for the conditional-sharing scenario, department people. */
    static final Map<String, Account> DEMO_USERS = demoUsers();

    private static Map<String, Account> demoUsers() {
        Map<String, Account> users = new LinkedHashMap<>();
        users.put("admin", new Account(null, Roles.ADMIN, null));
        users.put("security", new Account(null, Roles.SECURITY_OFFICER, null));
        users.put("auditor", new Account(null, Roles.AUDITOR, null));
        users.put("police-approver", new Account(null, Roles.APPROVER, "police"));
        users.put("health-approver", new Account(null, Roles.APPROVER, "health"));
        users.put("civil-affairs-admin", new Account(null, Roles.DEPARTMENT_ADMIN, "civil-affairs"));
        return Collections.unmodifiableMap(users);
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final LoginAttempts attempts;

    HubUsers(SecurityProperties properties, LoginAttempts attempts, PasswordEncoder encoder, Environment environment,
            @Value("${hub.data-dir}") Path dataDir) {
        this.attempts = attempts;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < properties.users().size(); i++) {
            SecurityProperties.User user = properties.users().get(i);
            String key = "hub.security.users[" + i + "]";
            if (user.username() == null || !USERNAME.matcher(user.username()).matches()) {
                throw new IllegalStateException(key + ".username: lower-case letters, digits, '.', '_' or '-', 2 to 64");
            }
            if (!seen.add(user.username())) {
                throw new IllegalStateException(key + ".username: '" + user.username() + "' is listed twice");
            }
            if (user.passwordHash() == null || ENCODERS.stream().noneMatch(user.passwordHash()::startsWith)) {
                throw new IllegalStateException(key + ".password-hash: a hash with its encoder id, one of " + ENCODERS
                        + " (see docs/security.md); clear passwords are not accepted");
            }
            if (!Roles.PEOPLE.contains(user.role())) {
                throw new IllegalStateException(key + ".role: exactly one of " + Roles.PEOPLE);
            }
            boolean scoped = Roles.SCOPED.contains(user.role());
            if (scoped && (user.department() == null || !DEPARTMENT.matcher(user.department()).matches())) {
                throw new IllegalStateException(key + ".department: the code of the department a " + user.role()
                        + " acts for, e.g. police");
            }
            if (!scoped && user.department() != null) {
                throw new IllegalStateException(key + ".department: only for " + Roles.SCOPED + "; a " + user.role()
                        + " acts for the hub, not for one department");
            }
            accounts.put(user.username(), new Account(user.passwordHash(), user.role(), user.department()));
        }
        if (properties.demoUsers()) {
            if (!environment.acceptsProfiles(Profiles.of("demo"))) {
                throw new IllegalStateException("hub.security.demo-users: allowed only with profile demo");
            }
            Path file = dataDir.resolve("demo-users.properties");
            demoPasswords(file).forEach((username, password) -> accounts.putIfAbsent(username,
                    new Account(encoder.encode(password), DEMO_USERS.get(username).role(),
                            DEMO_USERS.get(username).department())));
            log.info("Demo users (profile demo) {}: passwords in {}", DEMO_USERS.keySet(), file);
        }
        if (accounts.isEmpty()) {
            log.warn("No users in hub.security.users: only department systems can use the hub (see docs/security.md)");
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Account account = accounts.get(username);
        if (account == null) {
            throw new UsernameNotFoundException("unknown user");
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + account.role()));
        if (account.department() != null) {
            authorities.add(new SimpleGrantedAuthority(CallingDepartment.SCOPE_PREFIX + account.department()));
        }
        return User.withUsername(username).password(account.passwordHash()).authorities(authorities)
                .accountLocked(attempts.isLocked(username)).build();
    }

    /** The demo users' passwords, generated once and kept in the data directory (git-ignored). */
    static Map<String, String> demoPasswords(Path file) {
        try {
            Properties passwords = new Properties();
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file, UTF_8)) {
                    passwords.load(reader);
                }
            }
            boolean added = false;
            SecureRandom random = new SecureRandom();
            for (String username : DEMO_USERS.keySet()) {
                if (!passwords.containsKey(username)) {
                    byte[] bytes = new byte[12];
                    random.nextBytes(bytes);
                    passwords.setProperty(username, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
                    added = true;
                }
            }
            if (added) {
                Files.createDirectories(file.getParent());
                try (Writer writer = Files.newBufferedWriter(file, UTF_8)) {
                    passwords.store(writer, "Exchange Hub demo users (profile demo only); generated on first start");
                }
            }
            Map<String, String> result = new LinkedHashMap<>();
            DEMO_USERS.keySet().forEach(username -> result.put(username, passwords.getProperty(username)));
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("hub.security.demo-users: cannot read or write " + file, e);
        }
    }
}
