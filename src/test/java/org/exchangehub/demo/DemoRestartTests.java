package org.exchangehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.avro.generic.GenericRecord;
import org.apache.camel.CamelContext;
import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditQueries;
import org.exchangehub.exchange.Journal;
import org.exchangehub.ingest.AdapterCursors;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.schema.PiiCategory;
import org.exchangehub.schema.PiiField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The README's {@code ./mvnw spring-boot:run} a second time: the hub with the demo's department simulators is
 * stopped and started again on the same data directory. The simulators keep their page counts and answer the cursors
 * the hub kept, and they are up before the adapters poll them: every adapter goes on without a failure, and the log
 * has no error and no warning from the adapters — on the first start as on the second. Within the first minute,
 * records of all five departments have been delivered to someone. Afterwards no file under the data directory holds
 * any ID number, phone number or name the departments sent: read exports are deleted, the journal is encrypted.
 */
@Isolated("it reads every log line of the process for warnings of its hub")
class DemoRestartTests {

    private static final List<String> POLLING = List.of("police-incidents", "health-death-certificates",
            "health-vaccinations");

    @TempDir
    Path dataDir;

    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    int[] ports;

    @BeforeEach
    void capture() throws IOException {
        ports = new int[] { freePort(), freePort(), freePort() };
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void release() {
        root.detachAppender(logged);
    }

    @Test
    void theDemoRunsAgainOnTheSameDataDirectoryWithEveryAdapterStartedAndLeavesNoClearPersonalDataThere()
            throws Exception {
        Map<String, String> cursors;
        Set<String> clearValues;
        try (ConfigurableApplicationContext hub = start()) {
            AdapterCursors adapterCursors = hub.getBean(AdapterCursors.class);
            AuditQueries audit = hub.getBean(AuditQueries.class);
            // every department's records go somewhere: each source department has records delivered
            await().atMost(Duration.ofSeconds(60)).until(() -> audit.search(new AuditQueries.Query(null, null, null,
                    null, "DELIVERED", null, null, 0, 1000)).events().stream().map(AuditEvent::sourceDepartment)
                    .collect(java.util.stream.Collectors.toSet())
                    .containsAll(List.of("police", "health", "petition", "civil-affairs", "hotline")));
            await().atMost(Duration.ofSeconds(60)).until(() -> POLLING.stream()
                    .allMatch(id -> advanced(adapterCursors.get(id, null), 1)));
            assertCleanlyRunning(hub);
            cursors = Map.of("police-incidents", adapterCursors.get("police-incidents", null),
                    "health-vaccinations", adapterCursors.get("health-vaccinations", null));
        }
        synchronized (logged) {
            logged.list.clear();
        }

        try (ConfigurableApplicationContext hub = start()) {
            AdapterCursors adapterCursors = hub.getBean(AdapterCursors.class);
            // the simulators go on from where they were, and the adapters with them
            await().atMost(Duration.ofSeconds(60)).until(() -> cursors.entrySet().stream().allMatch(
                    kept -> advanced(adapterCursors.get(kept.getKey(), null), number(kept.getValue()) + 2)));
            assertCleanlyRunning(hub);

            // the departments stop sending; the hub reads what they left in its inbox. The adapters polling them stop
            // first: a poll under way when a simulator went away held the hub's shutdown for 15 s
            for (String adapter : POLLING) {
                hub.getBean(CamelContext.class).getRouteController().stopRoute(adapter);
            }
            hub.getBean(DemoDepartments.class).stop();
            Path inbox = dataDir.resolve("inbox/petition");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (var files = Files.list(inbox)) {
                    return files.noneMatch(file -> file.getFileName().toString().endsWith(".csv"));
                }
            });
            clearValues = clearValuesSent(hub);
        }
        assertThat(clearValues).as("ID numbers, phones and names the departments sent").hasSizeGreaterThan(20);
        assertThat(filesHolding(clearValues)).as("files under the data directory holding any of them").isEmpty();
    }

    /** The personal data the simulated departments sent: ID numbers, phone numbers and names, read back in clear. */
    private static Set<String> clearValuesSent(ConfigurableApplicationContext hub) {
        Journal journal = hub.getBean(Journal.class);
        RecordProtection protection = hub.getBean(RecordProtection.class);
        Set<String> values = new HashSet<>();
        for (String recordId : hub.getBean(JdbcClient.class).sql("SELECT record_id FROM exchange_record")
                .query(String.class).list()) {
            Journal.JournaledRecord stored = journal.read(recordId).orElseThrow();
            GenericRecord clear = protection.reveal(stored.record(), stored.subject());
            for (PiiField field : protection.piiFields(clear.getSchema())) {
                Object value = clear.get(field.name());
                if (value != null && EnumSet.of(PiiCategory.ID_NUMBER, PiiCategory.PHONE, PiiCategory.NAME)
                        .contains(field.category()) && value.toString().length() >= 2) {
                    values.add(value.toString());
                }
            }
        }
        return values;
    }

    /** Every file under the data directory that holds one of the values, in UTF-8 or GB18030. */
    private List<String> filesHolding(Set<String> values) throws IOException {
        List<String> holding = new ArrayList<>();
        try (var files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                String utf8 = new String(bytes, StandardCharsets.UTF_8);
                String gb18030 = new String(bytes, Charset.forName("GB18030"));
                values.stream().filter(value -> utf8.contains(value) || gb18030.contains(value)).findFirst()
                        .ifPresent(value -> holding.add(dataDir.relativize(file) + " (a " + value.length()
                                + "-character value)"));
            }
        }
        return holding;
    }

    private void assertCleanlyRunning(ConfigurableApplicationContext hub) {
        @SuppressWarnings("unchecked")
        Map<String, Object> adapters = ((org.springframework.boot.actuate.health.Health) hub
                .getBean(HealthEndpoint.class).healthForPath("adapters")).getDetails();
        for (String route : List.of("police-incidents", "health-death-certificates", "health-vaccinations",
                "civil-affairs-allowances", "petition-csv-files")) {
            assertThat(adapters).containsKey(route);
            assertThat(((Map<String, Object>) adapters.get(route))).as(route).containsEntry("state", "Started")
                    .containsEntry("failuresInARow", 0).as(route + " never failed").doesNotContainKey("lastFailed");
        }
        // a copy: the hub's threads go on appending (the appender adds under its own lock)
        List<ILoggingEvent> lines;
        synchronized (logged) {
            lines = new ArrayList<>(logged.list);
        }
        assertThat(lines).as("the hub's own lines are recorded").extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.matches("Started \\S+ in .*"));
        assertThat(lines).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        // adapters' own failures are in health above, per hub: other hubs of the test run log to the same appender
        assertThat(lines).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN)
                && (event.getLoggerName().startsWith("org.apache.camel")
                        || event.getLoggerName().startsWith("org.exchangehub.demo")))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    private static boolean advanced(String cursor, int atLeast) {
        return cursor != null && number(cursor) >= atLeast;
    }

    /** The page number in a simulator's cursor ({@code p3}, {@code v12}). */
    private static int number(String cursor) {
        return Integer.parseInt(cursor.substring(1));
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ExchangeHubApplication.class).listeners(event -> {
            // a hub starting after another closed sets logging up afresh, which stops and removes every appender
            if (event instanceof ApplicationEnvironmentPreparedEvent) {
                logged.start();
                if (!root.isAttached(logged)) {
                    root.addAppender(logged);
                }
            }
        }).run(
                "--spring.profiles.active=demo,test", "--server.port=0", "--hub.data-dir=" + dataDir,
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath() + "/db/hub",
                // the civil-affairs database is the department's own, in memory: a restart starts it afresh
                "--hub.adapters.civil-affairs.jdbc-url=jdbc:h2:mem:civil-affairs-" + UUID.randomUUID()
                        + ";DB_CLOSE_DELAY=-1",
                "--hub.demo.police-port=" + ports[0], "--hub.demo.health-port=" + ports[1],
                "--hub.demo.subscriber-port=" + ports[2], "--HUB_DEMO_SUBSCRIBER_URL=http://localhost:" + ports[2],
                "--hub.demo.every=300ms", "--hub.adapters.police.period=300", "--hub.adapters.health.period=300",
                "--hub.adapters.civil-affairs.period=300");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
