package org.exchangehub;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs the tests' hubs on PostgreSQL instead of in-memory H2 when the system property {@value #SERVER} names a
 * server ({@code jdbc:postgresql://localhost:5432/}, set by the build's {@code postgresql} test execution).
 *
 * <p>Every hub that a test starts on a fresh in-memory H2 database ({@link HubTest}'s
 * {@code jdbc:h2:mem:hub-<uuid>}) gets a fresh PostgreSQL database instead, {@code hub_test_<pid>_<n>}, so tests are
 * as isolated from each other as on H2; the databases of earlier runs are dropped when the first one of a run is
 * made. Hubs on an H2 <em>file</em> (the tests of H2's own durability machinery) are left on H2. The connection pool
 * is kept small, because the test framework keeps up to 32 hubs open at once.
 */
public class PostgresTestDatabases implements EnvironmentPostProcessor, Ordered {

    /** The system property naming the PostgreSQL server, ending in a slash; absent: the tests run on H2. */
    public static final String SERVER = "hub.test.postgresql";
    private static final String USER = "hub.test.postgresql.user";
    private static final String PASSWORD = "hub.test.postgresql.password";
    private static final AtomicInteger COUNT = new AtomicInteger();
    /** Servers whose databases of earlier runs have been dropped in this run. */
    private static final Set<String> CLEANED = new HashSet<>();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("spring.datasource.url", "");
        if (!enabled() || !url.startsWith("jdbc:h2:mem:hub-")) {
            return;
        }
        Map<String, Object> properties = new HashMap<>(connection(create()));
        properties.put("spring.datasource.hikari.maximum-pool-size", "8");
        properties.put("spring.datasource.hikari.minimum-idle", "1");
        environment.getPropertySources().addFirst(new MapPropertySource("postgresTestDatabase", properties));
    }

    /** Whether the tests run on PostgreSQL. */
    public static boolean enabled() {
        String server = System.getProperty(SERVER);
        return server != null && !server.isBlank();
    }

    /** A new, empty database on the test server; returns its JDBC URL. */
    public static String create() {
        return create(System.getProperty(SERVER));
    }

    /** A new, empty database on the given server (a JDBC URL ending in a slash); returns its JDBC URL. */
    public static synchronized String create(String server) {
        String name = "hub_test_" + ProcessHandle.current().pid() + "_" + COUNT.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(server + "postgres", user(), password());
                Statement statement = admin.createStatement()) {
            if (CLEANED.add(server)) {
                dropEarlierRuns(admin);
            }
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + " on " + server, e);
        }
        return server + name;
    }

    /** The datasource properties of a test database. */
    public static Map<String, String> connection(String url) {
        return Map.of("spring.datasource.url", url, "spring.datasource.username", user(),
                "spring.datasource.password", password());
    }

    private static String user() {
        return System.getProperty(USER, "hub");
    }

    private static String password() {
        return System.getProperty(PASSWORD, "hub");
    }

    /** Drops the test databases of runs that are over (of processes that no longer exist). */
    private static void dropEarlierRuns(Connection admin) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = admin.createStatement();
                var rows = statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'hub_test_%'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        for (String name : names) {
            long pid = Long.parseLong(name.split("_")[2]);
            if (ProcessHandle.of(pid).isEmpty()) {
                try (Statement statement = admin.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
            }
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
