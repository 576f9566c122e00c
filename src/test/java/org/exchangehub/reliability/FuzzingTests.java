package org.exchangehub.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.exchangehub.FictionalAllowances;
import org.exchangehub.HubHttp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * 10,000 generated malformed or hostile inputs ({@link HostileInputs}) over the push API and hostile CSV exports
 * dropped for the petition file adapter, against the hub as its own JVM. Every push must be answered with a 4xx
 * problem or quarantined with a reason (or, where that is correct, accepted); every file must be read and deleted
 * (its rows journaled or quarantined) or end in {@code failed/} with a reason file. Afterwards the hub is healthy and delivers a valid record, and no
 * personal data used (ID numbers, names, addresses) appears in any of its logs.
 */
@Tag(HubProcess.OWN_JVM)
class FuzzingTests {

    private static final Pattern ID_NUMBER = Pattern.compile("\\d{17}[\\dXx]|\\d{15}");
    /** Marked secrets planted in every secret setting of the fuzzed hub; none may appear in an answer or a log. */
    static final List<String> SECRETS = List.of("fuzz-keystore-secret-7c1e", "fuzz-database-secret-93ab",
            "fuzz-webhook-secret-5d20");
    private static final int FIRST_PERSON = 500_000;

    @TempDir
    Path dataDir;

    @Test
    void hostileInputsAreRefusedOrQuarantinedAndLeaveNoPersonalDataInTheLogs() throws Exception {
        int pushes = 10_000;
        int files = ReliabilitySummary.longVariant() ? 500 : 100;
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        System.out.printf("fuzz: %,d pushes, %d files, seed %d%n", pushes, files, seed);
        Map<String, Integer> unhandledByKind = new ConcurrentHashMap<>();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        try (RecordingSubscribers subscribers = new RecordingSubscribers(AllowanceFlow.SUBSCRIBERS,
                AllowanceFlow::asSent);
                HubProcess hub = new HubProcess(dataDir, AllowanceFlow.arguments(subscribers,
                        "--hub.adapters.petition.read-lock-min-age=100",
                        "--hub.protect.keystore-password=" + SECRETS.get(0),
                        "--hub.adapters.civil-affairs.password=" + SECRETS.get(1),
                        "--hub.subscriptions[0].channel.secret=" + SECRETS.get(2)))) {
            hub.start();
            HubHttp http = hub.http();
            String key = AllowanceFlow.civilAffairsKey(http);
            JsonNode latest = http.get("/registry/subjects/subsistence-allowance-value/versions/latest",
                    "Bearer " + key).json();
            HostileInputs inputs = new HostileInputs(seed, new Schema.Parser().parse(latest.get("schema").asText()),
                    latest.get("id").asInt());

            List<String> secrets = new ArrayList<>(SECRETS);
            secrets.add(key);
            long started = System.nanoTime();
            HostilePushes.send(http, key, inputs, pushes, FIRST_PERSON, secrets, (input, outcome) -> {
                outcomes.merge(outcome, 1, Integer::sum);
                if (outcome.startsWith("UNHANDLED")) {
                    unhandledByKind.merge(input.kind() + ": " + outcome, 1, Integer::sum);
                }
            });
            long pushesDone = System.nanoTime();

            Path inbox = dataDir.resolve("inbox/petition");
            List<String> dropped = dropHostileExports(inbox, files, new Random(seed));
            // a limit on waiting, not a speed target: a clean-clone run on a slow day took the files past 80 s
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180 + files);
            while (handledFiles(inbox, dropped).size() < dropped.size() && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            Set<String> handled = handledFiles(inbox, dropped);
            System.out.printf("fuzz: pushes took %.1f s, files %.1f s%n", (pushesDone - started) / 1e9,
                    (System.nanoTime() - pushesDone) / 1e9);
            dropped.stream().filter(name -> !handled.contains(name))
                    .forEach(name -> unhandledByKind.merge("file left unhandled", 1, Integer::sum));

            boolean healthy = hub.healthy();
            Set<String> valid = ConcurrentHashMap.newKeySet();
            AllowanceFlow.push(http, key, 0, 1, valid);
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!AllowanceFlow.allArrived(subscribers, valid) && System.nanoTime() < waitUntil) {
                Thread.sleep(100);
            }
            boolean delivers = AllowanceFlow.allArrived(subscribers, valid);
            hub.close();

            long piiHits = piiInLogs(dataDir, personalData(pushes));
            long secretHits = secretsInLogs(dataDir, secrets);
            long unhandled = unhandledByKind.values().stream().mapToLong(Integer::longValue).sum();
            System.out.printf("fuzz: outcomes %s; unhandled %d %s; healthy %s, delivers %s; personal data in logs: %d;"
                    + " secrets in logs: %d%n", new java.util.TreeMap<>(outcomes), unhandled, unhandledByKind, healthy,
                    delivers, piiHits, secretHits);
            ReliabilitySummary.record(Map.of("fuzz_inputs", pushes + files, "fuzz_unhandled", unhandled,
                    "pii_log_hits", piiHits, "secret_log_hits", secretHits));

            assertThat(unhandledByKind).isEmpty();
            assertThat(healthy).isTrue();
            assertThat(delivers).isTrue();
            assertThat(piiHits).isZero();
            assertThat(secretHits).isZero();
        }
    }

    /** Lines of the hub's logs (and H2's trace file) holding one of the planted secrets. */
    private static long secretsInLogs(Path dataDir, List<String> secrets) throws IOException {
        long hits = 0;
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".trace.db"))
                    .toList()) {
                for (String line : new String(Files.readAllBytes(file), UTF_8).split("\n")) {
                    if (secrets.stream().anyMatch(line::contains)) {
                        hits++;
                        System.out.println("fuzz: a planted secret is in " + file.getFileName());
                    }
                }
            }
        }
        return hits;
    }

    /** Hostile variants of the sample petition export: truncated, wrong encoding, garbage, injection, huge. */
    private static List<String> dropHostileExports(Path inbox, int count, Random random) throws IOException {
        Files.createDirectories(inbox);
        Charset gb18030 = Charset.forName("GB18030");
        String sample = Files.readString(Path.of("src/test/resources/samples/petition-export-20261107.csv"), gb18030);
        List<String> names = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String text = sample.replace("XF3301", "XF%04d".formatted(n));
            byte[] content = switch (n % 8) {
                case 0 -> Arrays.copyOf(text.getBytes(gb18030), random.nextInt(text.getBytes(gb18030).length));
                case 1 -> text.getBytes(UTF_8);
                case 2 -> randomBytes(random, 1 + random.nextInt(4096));
                case 3 -> text.replace("反映小区供暖不足", "=HYPERLINK(\"http://evil.example\",\"x\")").getBytes(gb18030);
                case 4 -> (text + "XF9," + "长".repeat(100_000) + ",\r\n").getBytes(gb18030);
                case 5 -> text.replace(",", ";").getBytes(gb18030);
                case 6 -> text.replace("\"", "").replaceFirst("王秀英", "\"王秀英").getBytes(gb18030);
                default -> text.substring(0, text.indexOf('\n') + 1).getBytes(gb18030);
            };
            String name = "hostile-%04d.csv".formatted(n);
            Path part = inbox.resolve(name + ".part");
            Files.write(part, content);
            Files.move(part, inbox.resolve(name));
            names.add(name);
        }
        return names;
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static Set<String> handledFiles(Path inbox, List<String> names) {
        Set<String> handled = new HashSet<>();
        for (String name : names) {
            boolean failed = Files.exists(inbox.resolve("failed").resolve(name));
            if (!Files.exists(inbox.resolve(name)) && (!failed
                    || Files.exists(inbox.resolve("failed").resolve(name + ".reason.txt")))) {
                handled.add(name);
            }
        }
        return handled;
    }

    /** The ID numbers, names and addresses of every person the inputs were made from, and the sample's. */
    private static Set<String> personalData(int pushes) throws IOException {
        Set<String> values = new HashSet<>();
        for (int n = 0; n <= 2 * pushes + 1; n++) {
            values.add(FictionalAllowances.idNumber(FIRST_PERSON + n));
            values.add(FictionalAllowances.address(FIRST_PERSON + n));
            values.add(FictionalAllowances.name(FIRST_PERSON + n));
        }
        String sample = Files.readString(Path.of("src/test/resources/samples/petition-export-20261107.csv"),
                Charset.forName("GB18030"));
        Matcher ids = ID_NUMBER.matcher(sample);
        while (ids.find()) {
            values.add(ids.group());
        }
        sample.lines().skip(1).map(line -> line.split(",")).filter(cells -> cells.length > 4)
                .forEach(cells -> { values.add(cells[2]); values.add(cells[4]); });
        values.removeIf(String::isBlank);
        return values;
    }

    /** Occurrences of any of the values in the hub's console logs and database trace files. */
    private static long piiInLogs(Path dataDir, Set<String> values) throws IOException {
        Set<String> numbers = new HashSet<>();
        Set<String> texts = new HashSet<>();
        values.forEach(v -> (ID_NUMBER.matcher(v).matches() ? numbers : texts).add(v));
        long hits = 0;
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".trace.db"))
                    .toList()) {
                String log = new String(Files.readAllBytes(file), UTF_8);
                Matcher candidates = ID_NUMBER.matcher(log);
                while (candidates.find()) {
                    if (numbers.contains(candidates.group())) {
                        hits++;
                        System.out.println("fuzz: an ID number used in the inputs is in " + file.getFileName());
                    }
                }
                for (String text : texts) {
                    if (log.contains(text)) {
                        hits++;
                        System.out.println("fuzz: a name, phone or address used in the inputs is in "
                                + file.getFileName());
                    }
                }
            }
        }
        return hits;
    }
}
