package org.exchangehub.demo;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The civil-affairs department's own database (an embedded H2 database in the demo): new subsistence allowance
 * recipients and marriage registrations appear in it over time, as the department's clerks enter them.
 */
final class CivilAffairsSimulator {

    private final Connection connection;
    private final FictionalPeople people;
    private long rows;

    CivilAffairsSimulator(String jdbcUrl, FictionalPeople people) throws SQLException, IOException {
        this.connection = DriverManager.getConnection(jdbcUrl, "civil", "");
        this.people = people;
        try (InputStream schema = getClass().getResourceAsStream("/civil-affairs/schema.sql");
                Statement statement = connection.createStatement()) {
            for (String sql : new String(schema.readAllBytes(), StandardCharsets.UTF_8).split(";\\s*\\n")) {
                if (sql.contains("CREATE")) {
                    statement.execute(sql.substring(sql.indexOf("CREATE")));
                }
            }
        }
    }

    synchronized void newAllowance() throws SQLException {
        rows++;
        FictionalPeople.Person person = people.next();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO dibao_recipient VALUES (?, ?, ?, ?, ?, ?, ?, ?, '正常', ?, NULL, ?)")) {
            insert.setLong(1, rows);
            insert.setString(2, "DB" + person.divisionCode() + "%05d".formatted(rows));
            insert.setString(3, person.name());
            insert.setString(4, person.idNumber());
            insert.setString(5, person.address());
            insert.setString(6, person.divisionCode());
            insert.setInt(7, 1 + people.nextInt(4));
            insert.setBigDecimal(8, new BigDecimal(800 + people.nextInt(1200)).setScale(2));
            insert.setObject(9, LocalDate.now().minusMonths(people.nextInt(24)));
            insert.setTimestamp(10, Timestamp.valueOf(LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS)));
            insert.executeUpdate();
        }
    }

    void stop() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a demo database: nothing left to do
        }
    }
}
