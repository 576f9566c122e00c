package org.exchangehub;

import java.nio.file.Path;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Plain H2 databases for tests: files, for what the hub does with H2's file, and fresh in-memory ones with the hub's
 * migrations, for stores and queries. No Spring, no pool.
 */
public final class H2Files {

    private H2Files() {
    }

    /** An H2 file database {@code db/hub} under {@code dir}, as the hub opens it, user {@code hub}. */
    public static JdbcDataSource database(Path dir) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("db/hub") + ";DB_CLOSE_ON_EXIT=FALSE");
        dataSource.setUser("hub");
        return dataSource;
    }

    /** A fresh in-memory database, user {@code hub}, open until the JVM ends. */
    public static JdbcDataSource inMemory(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("hub");
        return dataSource;
    }

    /** Applies the hub's migrations up to {@code target} ("latest" for all) to a database. */
    public static JdbcDataSource migrate(JdbcDataSource dataSource, String target) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .target(MigrationVersion.fromVersion(target)).load().migrate();
        return dataSource;
    }
}
