package org.exchangehub.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What the simulated department systems must remember across restarts of the hub — how many pages of incidents and
 * documents they published — so that the cursors the hub kept still mean something to them. One properties file
 * ({@code hub.demo.state-file}, under the data directory), written whole on each change; counters only, no data.
 */
final class SimulatorState {

    private final Path file;
    private final Properties values = new Properties();

    SimulatorState(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                values.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("hub.demo.state-file: cannot read " + file, e);
            }
        }
    }

    synchronized int get(String name) {
        try {
            return Integer.parseInt(values.getProperty(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    synchronized void put(String name, int value) {
        values.setProperty(name, Integer.toString(value));
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            try (Writer writer = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
                values.store(writer, "demo simulators' counters");
            }
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("hub.demo.state-file: cannot write " + file, e);
        }
    }
}
