package org.exchangehub.exchange.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The hub answers a department only after its records are committed, so a commit must be on disk when it returns.
 * H2 by default writes committed changes to its file in the background up to half a second later
 * ({@code WRITE_DELAY} 500 ms): a process killed in that window loses records it already acknowledged (the crash
 * test lost 750 of 20,000 that way). At startup this sets {@code WRITE_DELAY 0} on an H2 database, whatever its URL
 * says, so each commit writes its changes to the file before it returns and survives the process being killed. (H2
 * does not fsync each commit: after a power loss the operating system's cache decides; cluster mode's PostgreSQL
 * does fsync.) Other databases are left as they are.
 */
@Component
class DurableCommits {

    private static final Logger log = LoggerFactory.getLogger(DurableCommits.class);

    DurableCommits(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET WRITE_DELAY 0");
            }
            log.debug("H2 writes each commit to its file before the commit returns (WRITE_DELAY 0)");
        }
    }
}
