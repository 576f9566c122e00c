package org.exchangehub;

import java.nio.file.Path;

import org.h2.jdbcx.JdbcDataSource;

/** Plain H2 file databases for tests of what the hub does with H2's file: no Spring, no pool. */
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
}
