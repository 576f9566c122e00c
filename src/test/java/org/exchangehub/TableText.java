package org.exchangehub;

import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Every value of some tables as text, one line per row, on any database: for tests that search a store for data. */
public final class TableText {

    private TableText() {
    }

    /** The rows of the tables, each a line of its column values separated by tabs. */
    public static String of(JdbcClient jdbc, String... tables) {
        List<String> lines = new ArrayList<>();
        for (String table : tables) {
            lines.addAll(jdbc.sql("SELECT * FROM " + table).query((rows, n) -> {
                ResultSetMetaData columns = rows.getMetaData();
                StringBuilder line = new StringBuilder(table);
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    line.append('\t').append(rows.getString(i));
                }
                return line.toString();
            }).list());
        }
        return String.join("\n", lines);
    }
}
