package org.exchangehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

/**
 * The jars Maven builds hold what an operator deploys and nothing of the demo: no department simulators, no
 * WireMock or its Jetty. (The demo runs from the test classpath with {@code ./mvnw spring-boot:run}.)
 */
class ProductionJarIT {

    @Test
    void theJarsHoldNeitherTheDemoNorWireMock() throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jars = files.filter(path -> path.getFileName().toString().matches("exchange-hub-.*\\.jar")).toList();
        }
        assertThat(jars).extracting(path -> path.getFileName().toString()).contains("exchange-hub-verify.jar")
                .anyMatch(name -> !name.equals("exchange-hub-verify.jar"));
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                List<String> names = file.stream().map(ZipEntry::getName).toList();
                assertThat(names).as(jar + " has classes").anyMatch(name -> name.contains("org/exchangehub/"));
                assertThat(names).as(jar.toString()).noneMatch(name -> name.toLowerCase().contains("wiremock"))
                        .noneMatch(name -> name.contains("org/exchangehub/demo/"))
                        .noneMatch(name -> name.contains("civil-affairs/schema.sql"));
            }
        }
    }
}
