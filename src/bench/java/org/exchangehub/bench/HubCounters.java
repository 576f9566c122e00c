package org.exchangehub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a benchmark phase cost, beside its wall time, which drifts by up to 1.5× on a shared machine: CPU time of the
 * process and of each thread group (on Linux also the JVM's garbage collector and compiler threads; thread numbers
 * folded; names cut at 15 characters), the bytes its threads allocated, and H2's file counters
 * (writes, bytes written, page reads). Comparing two builds, these move far less than records per second.
 */
final class HubCounters {

    private static final String COMPILER_THREADS = "CN CompilerThre";
    private static final long CLOCK_TICKS = 100; // USER_HZ, 100 on every Linux this runs on
    private final JdbcTemplate jdbc;

    private record Snapshot(long processCpu, long compilerMillis, long allocated, Map<String, Long> threadCpu,
            Map<String, Long> store) {
    }

    private Snapshot start;
    private double compilerShare;
    private final StoreShare store;
    private double outsideStoreMicros;
    private double entries;

    HubCounters(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.store = new StoreShare(dataSource);
    }

    void start() {
        start = snapshot();
        store.start();
    }

    /** CPU per record of the pipeline threads outside H2 in the last {@link #perRecord} span, µs. */
    double outsideStoreMicros() {
        return outsideStoreMicros;
    }

    /** B-tree entries added per record in the last {@link #perRecord} span. */
    double entries() {
        return entries;
    }

    /** Lines describing the cost per record since {@link #start()}. */
    String perRecord(long records) {
        Snapshot end = snapshot();
        long compiler = end.threadCpu.containsKey(COMPILER_THREADS)
                ? end.threadCpu.get(COMPILER_THREADS) - start.threadCpu.getOrDefault(COMPILER_THREADS, 0L)
                : (end.compilerMillis - start.compilerMillis) * 1_000_000;
        compilerShare = compiler / (double) Math.max(1, end.processCpu - start.processCpu);
        StringBuilder text = new StringBuilder(String.format("e2e:   %.0f µs CPU, %.0f KB allocated per record (process);"
                + " H2 file: %.2f writes, %.1f KB written, %.2f page reads per record; JIT compiler %.0f %% of the CPU%n",
                (end.processCpu - start.processCpu) / 1e3 / records, (end.allocated - start.allocated) / 1024.0 / records,
                delta(end, "info.FILE_WRITE") / records, delta(end, "info.FILE_WRITE_BYTES") / 1024 / records,
                delta(end, "info.FILE_READ") / records, compilerShare * 100));
        text.append(fileState(end));
        double pipeline = 0;
        for (Map.Entry<String, Long> group : end.threadCpu.entrySet()) {
            if (StoreShare.pipeline(group.getKey())) {
                pipeline += (group.getValue() - start.threadCpu.getOrDefault(group.getKey(), 0L)) / 1e3 / records;
            }
        }
        try {
            double outside = store.outsideStore();
            outsideStoreMicros = pipeline * outside;
            text.append(String.format("e2e:   pipeline threads %.0f µs CPU per record, %.0f %% of it outside H2: %.0f µs%n",
                    pipeline, outside * 100, outsideStoreMicros));
        } catch (IOException e) {
            text.append("e2e:   no profile: " + e.getMessage() + "\n");
        }
        Map<String, Double> byTable = store.entriesPerRecord(records);
        entries = byTable.values().stream().mapToDouble(Double::doubleValue).sum();
        text.append(String.format("e2e:   B-tree entries added per record %.1f: %s%n", entries, byTable.entrySet().stream()
                .map(e -> e.getKey().toLowerCase() + " " + String.format("%.2f", e.getValue())).toList()));
        end.threadCpu.forEach((group, nanos) -> {
            double micros = (nanos - start.threadCpu.getOrDefault(group, 0L)) / 1e3 / records;
            if (micros >= 10) {
                text.append(String.format("e2e:     %-32s %6.0f µs CPU per record%n", group, micros));
            }
        });
        return text.toString();
    }

    /** The database file's size and how much of its chunks is live. */
    String fileState() {
        return fileState(snapshot());
    }

    private static String fileState(Snapshot now) {
        return String.format("e2e:   H2 file now %,d MB, its chunks %d %% live%n",
                now.store.getOrDefault("info.FILE_SIZE", 0L) >> 20, now.store.getOrDefault("info.CHUNKS_FILL_RATE", 0L));
    }

    /** The JIT compiler's share of the process's CPU in the last {@link #perRecord} span: high while warming up. */
    double compilerShare() {
        return compilerShare;
    }

    private double delta(Snapshot end, String counter) {
        return end.store.getOrDefault(counter, 0L) - start.store.getOrDefault(counter, 0L);
    }

    /** Bytes allocated so far by the JVM's live threads (the hub's pools live as long as it does). */
    private static long allocated() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(bytes, 0);
        }
        return total;
    }

    private Snapshot snapshot() {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        Map<String, Long> groups = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            // Linux: every thread of the process, also the JVM's own (GC, JIT), names cut at 15 characters
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                    groups.merge(name.replaceAll("\\d+", "N"), ticks * 1_000_000_000L / CLOCK_TICKS, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException notLinux) {
            var threads = ManagementFactory.getThreadMXBean();
            for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null) {
                    groups.merge(info.getThreadName().replaceAll("\\d+", "N"),
                            Math.max(threads.getThreadCpuTime(info.getThreadId()), 0), Long::sum);
                }
            }
        }
        Map<String, Long> store = new HashMap<>();
        jdbc.query("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                + " WHERE SETTING_NAME LIKE 'info.FILE_%' OR SETTING_NAME = 'info.CHUNKS_FILL_RATE'", row -> {
                    store.put(row.getString(1), Long.parseLong(row.getString(2)));
                });
        return new Snapshot(process, ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), allocated(),
                groups, store);
    }
}
