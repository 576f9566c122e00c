package org.exchangehub.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.HubHttp;

/**
 * The hub as a separate JVM on a durable H2 file database under {@code dataDir} (or the database its arguments
 * name: {@code --spring.datasource.url=…}), started with the test classpath
 * and the given arguments on a fixed port (kept across restarts), its console written to {@code hub-<n>.log} in
 * {@code dataDir}. {@link #kill()} sends SIGKILL: no shutdown hook, no flush, no goodbye.
 *
 * <p>The JVM starts as cheaply as the tests allow, since the suite starts a dozen of them on two cores: the serial
 * collector (no collector threads competing for the cores) and no bytecode verification of the classpath's classes
 * (the build's own and its dependencies, which it just compiled and resolved). A start took 14.3 s and 24.3 s of CPU
 * before, 12.2 s and 19.6 s after (2026-12-07, this project's 2-core machine, otherwise idle).
 */
final class HubProcess implements AutoCloseable {

    /**
     * The tag of the test classes that start hubs as processes of their own: {@code ./mvnw verify} leaves them out and
     * their own stage runs them (Maven profile {@code own-jvm}, which {@code .ci/run} switches on), see
     * docs/testing.md.
     */
    static final String OWN_JVM = "own-jvm";

    private final Path dataDir;
    private final List<String> arguments;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    HubProcess(Path dataDir, List<String> arguments) throws IOException {
        this.dataDir = dataDir;
        this.arguments = arguments;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    HubHttp http() {
        return new HubHttp(port);
    }

    /** Starts the JVM and waits until the hub answers UP on its health endpoint. */
    void start() throws IOException, InterruptedException {
        Path argFile = dataDir.resolve("jvm.args");
        List<String> command = new ArrayList<>();
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        Files.write(argFile, List.of(String.join("\n", command.stream().map(HubProcess::quoted).toList())));
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseSerialGC", "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote",
                "-Duser.timezone=Asia/Shanghai", "-Dfile.encoding=UTF-8", "@" + argFile,
                ExchangeHubApplication.class.getName(), "--server.port=" + port, "--spring.profiles.active=test",
                "--hub.data-dir=" + dataDir.toAbsolutePath()));
        if (arguments.stream().noneMatch(argument -> argument.startsWith("--spring.datasource.url="))) {
            line.add("--spring.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath() + "/db/hub");
        }
        line.addAll(arguments);
        starts++;
        Path log = dataDir.resolve("hub-" + starts + ".log");
        process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!healthy()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub process exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hub did not become healthy within 120 s; see " + log);
            }
            Thread.sleep(200);
        }
    }

    boolean healthy() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The console output of every start so far. */
    List<Path> logs() {
        List<Path> logs = new ArrayList<>();
        for (int i = 1; i <= starts; i++) {
            logs.add(dataDir.resolve("hub-" + i + ".log"));
        }
        return logs;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static String quoted(String argument) {
        return "\"" + argument.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
