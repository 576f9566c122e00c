package org.exchangehub.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code target/reliability/summary.json}: each reliability test adds its figures (merged into what earlier tests of
 * the run wrote), and the variant that produced them ({@code short} in the normal build, {@code long} under
 * {@code -Preliability}).
 */
final class ReliabilitySummary {

    static final Path FILE = Path.of("target", "reliability", "summary.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReliabilitySummary() {
    }

    /** True under {@code -Preliability}: the long variants (sizes and durations of the issue). */
    static boolean longVariant() {
        return Boolean.getBoolean("reliability.long");
    }

    static synchronized void record(Map<String, ? extends Number> figures) {
        try {
            Files.createDirectories(FILE.getParent());
            ObjectNode summary = Files.exists(FILE) ? (ObjectNode) JSON.readTree(FILE.toFile())
                    : JSON.createObjectNode();
            summary.put("variant", longVariant() ? "long" : "short");
            figures.forEach((name, value) -> summary.set(name, JSON.valueToTree(value)));
            JSON.writeValue(FILE.toFile(), summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
