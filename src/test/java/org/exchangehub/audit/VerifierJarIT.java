package org.exchangehub.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auditor's verifier as Maven builds it, {@code target/exchange-hub-verify.jar}: run with {@code java -jar} in
 * a directory of its own, without the hub's source or jar, it verifies an exported bundle (exit 0) and finds an edit
 * in one (exit 1). It holds the verifier and what it needs (Bouncy Castle, picocli, Jackson, H2's driver for a
 * database), not the hub: no Spring Boot, Camel or web server.
 *
 * <p>The bundle is a hub's export of 100 events that {@link AuditBundleTests} leaves in {@link #BUNDLE} during the
 * unit tests, which run before this: starting a hub here, in the integration tests' JVM of its own, took 10 of this
 * test's 14 s, in a stage where nothing else runs.
 */
class VerifierJarIT {

    static final Path JAR = Path.of("target", "exchange-hub-verify.jar");

    static final Path BUNDLE = Path.of("target", "verifier-jar-it", "audit.zip");

    @TempDir
    Path auditorsDesk;

    @Test
    void theStandaloneJarVerifiesAnExportedBundleAndFindsAnEditInOne() throws Exception {
        assertThat(BUNDLE).as("the export AuditBundleTests leaves for this test (./mvnw verify runs it first)")
                .exists();
        Path jar = Files.copy(JAR, auditorsDesk.resolve("exchange-hub-verify.jar"));
        Path bundle = Files.copy(BUNDLE, auditorsDesk.resolve("audit.zip"));

        Run verified = run(jar, "verify", "audit.zip");
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).startsWith("VERIFIED: chain of 100 events");

        Path edited = edit(bundle, auditorsDesk.resolve("edited.zip"));
        Run failed = run(jar, "verify", "edited.zip");
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output()).startsWith("FAILED at seq ");

        try (JarFile contents = new JarFile(jar.toFile())) {
            assertThat(contents.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(VerifyCommand.class.getName());
            assertThat(contents.stream().map(ZipEntry::getName)).noneMatch(name -> name.startsWith("org/apache/camel/")
                    || name.startsWith("org/springframework/boot/") || name.startsWith("org/apache/catalina/")
                    || name.startsWith("org/exchangehub/exchange/") || name.startsWith("BOOT-INF/"));
        }
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(Path jar, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", jar.getFileName().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(auditorsDesk.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** A copy of the bundle whose events file has one character of its fifth event changed. */
    private static Path edit(Path bundle, Path edited) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(bundle));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(edited))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (entry.getName().equals(AuditBundle.EVENTS)) {
                    List<String> lines = new java.util.ArrayList<>(new String(content, UTF_8).lines().toList());
                    lines.set(4, lines.get(4).replaceFirst("\"actor\":\"", "\"actor\":\"x"));
                    content = (String.join("\n", lines) + "\n").getBytes(UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        return edited;
    }
}
