package org.exchangehub.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.exchangehub.PostgresTestDatabases;

/**
 * Takes the test PostgreSQL away and brings it back. When the build gives the outage a server of its own — its URL in
 * {@value #OUTAGE_SERVER} and the command that controls it in {@value #CONTROL}, e.g. {@code pg_ctlcluster 15 outage},
 * as {@code .ci/run} does — that server itself is stopped ({@code stop}, in fast mode: open connections end, new ones
 * are refused) and started again, while the other tests go on on theirs; otherwise the test database refuses new
 * connections and its open ones are ended, which is what a hub sees of a stopped server. Either way {@link #end()}
 * returns only when the database takes connections again, and {@link #close()} brings it back whatever happened.
 */
final class DatabaseOutage implements AutoCloseable {

    /** Environment variable: the JDBC URL (ending in a slash) of a server for the outage alone. */
    static final String OUTAGE_SERVER = "HUB_TEST_POSTGRESQL_OUTAGE";
    /** Environment variable: the command that controls that server, to which stop and start are appended. */
    static final String CONTROL = "HUB_TEST_POSTGRESQL_CONTROL";

    private final String database;
    private final Map<String, String> connection;
    private final List<String> control;
    private boolean away;

    DatabaseOutage(String database) {
        this.database = database;
        this.connection = PostgresTestDatabases.connection(database);
        String command = System.getenv(CONTROL);
        this.control = ownServer() == null || command == null || command.isBlank() ? List.of()
                : Arrays.asList(command.strip().split("\\s+"));
    }

    /** A new database for a hub that will lose it: on the outage's own server when there is one. */
    static String createDatabase() {
        String own = ownServer();
        return own == null ? PostgresTestDatabases.create() : PostgresTestDatabases.create(own);
    }

    private static String ownServer() {
        String server = System.getenv(OUTAGE_SERVER);
        return server == null || server.isBlank() ? null : server;
    }

    /** How the database goes away, for the test's output. */
    String kind() {
        return control.isEmpty() ? "the test database refuses connections" : "the server is stopped ("
                + String.join(" ", control) + " stop)";
    }

    void begin() throws Exception {
        away = true;
        if (!control.isEmpty()) {
            run("stop");
            return;
        }
        String name = name();
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            try (PreparedStatement end = admin.prepareStatement("SELECT pg_terminate_backend(pid)"
                    + " FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                end.setString(1, name);
                end.executeQuery().close();
            }
        }
    }

    void end() throws Exception {
        if (!control.isEmpty()) {
            run("start");
        } else {
            try (Connection admin = admin(); Statement statement = admin.createStatement()) {
                statement.execute("ALTER DATABASE " + name() + " ALLOW_CONNECTIONS true");
            }
        }
        away = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection probe = DriverManager.getConnection(database, connection.get("spring.datasource.username"),
                    connection.get("spring.datasource.password"))) {
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the test database did not come back within 60 s", e);
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (away) {
            end();
        }
    }

    private void run(String... action) throws Exception {
        List<String> command = new ArrayList<>(control);
        command.addAll(List.of(action));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private String name() {
        return database.substring(database.lastIndexOf('/') + 1);
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(database.substring(0, database.lastIndexOf('/') + 1) + "postgres",
                connection.get("spring.datasource.username"), connection.get("spring.datasource.password"));
    }
}
