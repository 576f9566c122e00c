package org.exchangehub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Two figures of a benchmark phase that say where a record's cost lies: the share of the pipeline threads' CPU spent
 * outside H2 (JFR execution samples of the request, committer and delivery threads: a sample is H2's when any frame
 * of its stack is in {@code org.h2}), and the B-tree entries the phase added per record (the rows each table gained,
 * times one entry for the row and one per index; H2 keeps a table whose primary key is one integer column keyed by
 * it, any other table by a hidden row id with its primary key as one more index). Updates are not counted: the
 * pipeline updates rows once per batch (cursors, the log's and the chain's heads), where the outbox design updated
 * each delivery's row.
 */
final class StoreShare {

    private static final String[] PIPELINE = { "http-nio", "journal-commit", "delivery-" };

    private final JdbcTemplate jdbc;
    private Recording recording;
    private Map<String, Long> entriesBefore;

    StoreShare(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    void start() {
        entriesBefore = entriesByTable();
        recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.start();
    }

    /** The share of pipeline samples outside H2, from 0 to 1. */
    double outsideStore() throws IOException {
        recording.stop();
        Path file = Files.createTempFile("e2e", ".jfr");
        try {
            recording.dump(file);
            recording.close();
            long inStore = 0;
            long all = 0;
            for (RecordedEvent sample : RecordingFile.readAllEvents(file)) {
                // a dump holds whatever other recordings (-XX:StartFlightRecording) put in the same chunks too
                if (!"jdk.ExecutionSample".equals(sample.getEventType().getName())
                        || sample.getThread("sampledThread") == null
                        || !pipeline(sample.getThread("sampledThread").getJavaName()) || sample.getStackTrace() == null) {
                    continue;
                }
                all++;
                for (RecordedFrame frame : sample.getStackTrace().getFrames()) {
                    if (frame.getMethod() != null && frame.getMethod().getType().getName().startsWith("org.h2.")) {
                        inStore++;
                        break;
                    }
                }
            }
            return all == 0 ? 0 : 1 - inStore / (double) all;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** B-tree entries added since {@link #start()}, per record, in total and by table. */
    Map<String, Double> entriesPerRecord(long records) {
        Map<String, Double> perTable = new java.util.TreeMap<>();
        entriesByTable().forEach((table, entries) -> {
            double added = (entries - entriesBefore.getOrDefault(table, 0L)) / (double) records;
            if (added >= 0.005) {
                perTable.put(table, added);
            }
        });
        return perTable;
    }

    static boolean pipeline(String thread) {
        if (thread == null) {
            return false;
        }
        for (String prefix : PIPELINE) {
            if (thread.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Long> entriesByTable() {
        Map<String, Long> indexes = new HashMap<>();
        jdbc.query("SELECT TABLE_NAME, INDEX_TYPE_NAME, INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"
                + " WHERE TABLE_SCHEMA = 'PUBLIC'", row -> {
                    String table = row.getString(1);
                    boolean primary = "PRIMARY KEY".equals(row.getString(2));
                    indexes.merge(table, primary && rowKey(table, row.getString(3)) ? 0L : 1L, Long::sum);
                });
        Map<String, Long> entries = new HashMap<>();
        jdbc.query("SELECT TABLE_NAME, ROW_COUNT_ESTIMATE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"
                + " AND TABLE_TYPE = 'BASE TABLE'", row -> {
                    entries.put(row.getString(1), row.getLong(2) * (1 + indexes.getOrDefault(row.getString(1), 0L)));
                });
        return entries;
    }

    /** Whether a primary key is H2's row key: one column of an integer type. */
    private boolean rowKey(String table, String index) {
        var columns = jdbc.queryForList("SELECT c.DATA_TYPE FROM INFORMATION_SCHEMA.INDEX_COLUMNS i"
                + " JOIN INFORMATION_SCHEMA.COLUMNS c ON c.TABLE_SCHEMA = i.TABLE_SCHEMA AND c.TABLE_NAME = i.TABLE_NAME"
                + " AND c.COLUMN_NAME = i.COLUMN_NAME WHERE i.TABLE_SCHEMA = 'PUBLIC' AND i.TABLE_NAME = ?"
                + " AND i.INDEX_NAME = ?", String.class, table, index);
        return columns.size() == 1 && (columns.get(0).equals("BIGINT") || columns.get(0).equals("INTEGER"));
    }
}
