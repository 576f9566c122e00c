package org.exchangehub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** A fresh copy of {@code routes/} for a test that changes route files at runtime (the repository's stay as they are). */
public final class TestRouteFiles {

    private TestRouteFiles() {
    }

    /** Empties {@code base} and copies every file of {@code routes/} into {@code base/routes}. */
    public static void freshCopy(Path base) {
        try {
            if (Files.exists(base)) {
                try (var files = Files.walk(base)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
                }
            }
            Path routes = Files.createDirectories(base.resolve("routes"));
            try (var files = Files.list(Path.of("routes"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, routes.resolve(file.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
