package org.exchangehub.admin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** People come from configuration as hashes with one role each; a bad entry stops startup naming its key. */
class HubUsersTests {

    static final String HASH = "{bcrypt}$2a$04$aj/G/QSRsuiQJv6BWM5szOIWyrzG408qz04lOCevAZ8pZV.IHLcAO";

    @Test
    void clearPasswordsUnknownRolesAndDuplicatesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> users(new SecurityProperties.User("alice", "secret", "ADMIN", null)))
                .hasMessageContaining("hub.security.users[0].password-hash");
        assertThatThrownBy(() -> users(new SecurityProperties.User("alice", "{noop}secret", "ADMIN", null)))
                .hasMessageContaining("hub.security.users[0].password-hash");
        assertThatThrownBy(() -> users(new SecurityProperties.User("alice", HASH, "ADMIN,AUDITOR", null)))
                .hasMessageContaining("hub.security.users[0].role: exactly one of");
        assertThatThrownBy(() -> users(new SecurityProperties.User("alice", HASH, "ADMIN", null),
                new SecurityProperties.User("alice", HASH, "AUDITOR", null)))
                .hasMessageContaining("hub.security.users[1].username: 'alice' is listed twice");
        assertThatThrownBy(() -> users(new SecurityProperties.User("Alice Smith", HASH, "ADMIN", null)))
                .hasMessageContaining("hub.security.users[0].username");
    }

    @Test
    void departmentPeopleActForTheDepartmentTheirEntryNamesAndOnlyTheyNameOne() {
        assertThat(users(new SecurityProperties.User("police.approver", HASH, "APPROVER", "police"))
                .loadUserByUsername("police.approver").getAuthorities()).extracting(Object::toString)
                .containsExactlyInAnyOrder("ROLE_APPROVER", "DEPARTMENT_SCOPE_police");
        assertThat(users(new SecurityProperties.User("ca.admin", HASH, "DEPARTMENT_ADMIN", "civil-affairs"))
                .loadUserByUsername("ca.admin").getAuthorities()).extracting(Object::toString)
                .containsExactlyInAnyOrder("ROLE_DEPARTMENT_ADMIN", "DEPARTMENT_SCOPE_civil-affairs");
        assertThatThrownBy(() -> users(new SecurityProperties.User("approver", HASH, "APPROVER", null)))
                .hasMessageContaining("hub.security.users[0].department: the code of the department a APPROVER acts for");
        assertThatThrownBy(() -> users(new SecurityProperties.User("approver", HASH, "APPROVER", "Police Bureau")))
                .hasMessageContaining("hub.security.users[0].department");
        assertThatThrownBy(() -> users(new SecurityProperties.User("admin", HASH, "ADMIN", "police")))
                .hasMessageContaining("hub.security.users[0].department: only for [APPROVER, DEPARTMENT_ADMIN]");
    }

    @Test
    void demoUsersExistOnlyUnderProfileDemoWithPasswordsGeneratedOnceIntoTheDataDirectory(@TempDir Path dir)
            throws Exception {
        SecurityProperties demo = properties(true);
        assertThatThrownBy(() -> new HubUsers(demo, attempts(demo), PasswordEncoderFactories
                .createDelegatingPasswordEncoder(), new MockEnvironment(), dir))
                .hasMessageContaining("hub.security.demo-users: allowed only with profile demo");

        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("demo");
        HubUsers users = new HubUsers(demo, attempts(demo), PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                environment, dir);
        String first = Files.readString(dir.resolve("demo-users.properties"));
        new HubUsers(demo, attempts(demo), PasswordEncoderFactories.createDelegatingPasswordEncoder(), environment, dir);

        assertThat(Files.readString(dir.resolve("demo-users.properties"))).isEqualTo(first);
        assertThat(users.loadUserByUsername("auditor").getAuthorities()).extracting(Object::toString)
                .containsExactly("ROLE_AUDITOR");
        assertThat(users.loadUserByUsername("admin").getPassword()).startsWith("{bcrypt}");
        assertThat(users.loadUserByUsername("police-approver").getAuthorities()).extracting(Object::toString)
                .containsExactlyInAnyOrder("ROLE_APPROVER", "DEPARTMENT_SCOPE_police");
    }

    private static HubUsers users(SecurityProperties.User... users) {
        SecurityProperties properties = new SecurityProperties(List.of(users), false, 5, Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofDays(1), new SecurityProperties.RateLimit(10, 10), 1024, 16384, 1 << 24,
                Duration.ofMinutes(5));
        return new HubUsers(properties, attempts(properties), PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                new MockEnvironment(), Path.of("target"));
    }

    private static SecurityProperties properties(boolean demo) {
        return new SecurityProperties(List.of(), demo, 5, Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofDays(1), new SecurityProperties.RateLimit(10, 10), 1024, 16384, 1 << 24,
                Duration.ofMinutes(5));
    }

    private static LoginAttempts attempts(SecurityProperties properties) {
        return new LoginAttempts(properties, Clock.systemUTC());
    }
}
