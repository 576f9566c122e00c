package org.exchangehub.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;

import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.PostgresTestDatabases;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The database goes away under a running hub (PostgreSQL refuses its connections and ends the open ones, as when
 * it is stopped or fails over) and comes back: meanwhile pushes are answered 503 with {@code Retry-After} and a
 * problem, never acknowledged, and health is DOWN; afterwards the hub takes pushes again by itself, and the record
 * refused during the outage and sent again is journaled once.
 */
@HubTest
@TestPropertySource(properties = "spring.datasource.hikari.connection-timeout=1000")
class StoreOutageOnPostgresqlTests {

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    Environment environment;

    @Autowired
    JdbcClient jdbc;

    @Test
    void whileTheDatabaseIsAwayPushesAreRefusedWith503AndHealthIsDownThenTheHubRecoversByItself() throws Exception {
        HubHttp http = new HubHttp(port);
        String hotline = TestCredentials.bearer(keys, "hotline");
        assertThat(push(http, hotline, "WO-OUTAGE-1").status()).isEqualTo(200);

        String url = environment.getProperty("spring.datasource.url");
        String database = url.substring(url.lastIndexOf('/') + 1);
        try (Connection admin = DriverManager.getConnection(System.getProperty(PostgresTestDatabases.SERVER)
                + "postgres", environment.getProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password"))) {
            away(admin, database);
            HubHttp.Response refused = push(http, hotline, "WO-OUTAGE-2");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().get("retry-after")).containsExactly("5");
            assertThat(refused.body()).contains("store-unavailable").contains("send it again");
            assertThat(http.get("/actuator/health", null).body()).contains("DOWN");
            try (Statement statement = admin.createStatement()) {
                statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> push(http, hotline, "WO-OUTAGE-2").status() == 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/actuator/health", null).body().contains("UP"));
        assertThat(jdbc.sql("SELECT source_key FROM exchange_record WHERE source_key LIKE 'WO-OUTAGE-%'")
                .query(String.class).list()).containsExactlyInAnyOrder("WO-OUTAGE-1", "WO-OUTAGE-2");
    }

    /** Makes the database refuse new connections and ends the hub's open ones. */
    private static void away(Connection admin, String database) throws Exception {
        try (Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
        }
        try (PreparedStatement end = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
            end.setString(1, database);
            end.executeQuery().close();
        }
    }

    private static HubHttp.Response push(HubHttp http, String key, String sourceKey) {
        return http.post("/api/v1/inbound/work-order", key, WorkOrders.workOrder(sourceKey).toString());
    }

}
