package org.exchangehub.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.exchangehub.HubTest;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.protect.FieldView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.ObjectMapper;

/** FILE deliveries: complete CSV files in the subscriber's directory, for Excel (UTF-8 BOM) or legacy systems. */
@HubTest
class FileDropTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    InboundRecords inbound;

    @TempDir
    Path outbox;

    @AfterEach
    void cleanUp() {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
    }

    @Test
    void petitionsAreWrittenAsCsvInUtf8WithBomAndInGb18030() throws Exception {
        subscriptions.all().forEach(subscription -> subscriptions.remove(subscription.id()));
        Map<String, FieldView> views = Map.of("petitionerName", FieldView.CLEAR, "summary", FieldView.CLEAR);
        subscriptions.put(new Subscription("petitions-excel", "police", "petition", "研判", "《信访工作条例》第二十九条",
                null, views, new DeliveryChannel(DeliveryChannel.Type.FILE, null, null, null,
                        outbox.resolve("excel").toString(), "UTF-8-BOM")));
        subscriptions.put(new Subscription("petitions-legacy", "police", "petition", "研判", "《信访工作条例》第二十九条",
                null, views, new DeliveryChannel(DeliveryChannel.Type.FILE, null, null, null,
                        outbox.resolve("legacy").toString(), "GB18030")));

        inbound.receive("petition", JSON.readTree("""
                {"sourceDepartment": "petition", "sourceKey": "XF33012026110204", "occurredAt": "2026-11-06T00:00:00+08:00",
                 "petitionNo": "XF33012026110204", "registeredOn": "2026-11-06", "petitionerName": "刘䶮",
                 "petitionerIdNumber": "330106197202290336", "form": "VISIT", "purpose": "ACCUSATION",
                 "divisionCode": "330106", "summary": "反映邻居噪音扰民，\\"多次\\"报警未解决", "status": "CLOSED",
                 "repeated": true, "collective": false}"""), "PUSH");

        Path excel = await().atMost(Duration.ofSeconds(15)).until(() -> csv(outbox.resolve("excel")), f -> f != null);
        Path legacy = await().atMost(Duration.ofSeconds(15)).until(() -> csv(outbox.resolve("legacy")), f -> f != null);

        byte[] excelBytes = Files.readAllBytes(excel);
        assertThat(Arrays.copyOf(excelBytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        List<String> excelLines = new String(excelBytes, StandardCharsets.UTF_8).substring(1).lines().toList();
        assertThat(excelLines.get(0)).startsWith("cursor,recordId,recordType,version,sourceDepartment,recordId,");
        assertThat(excelLines.get(1)).contains("刘䶮").contains("\"反映邻居噪音扰民，\"\"多次\"\"报警未解决\"")
                .doesNotContain("330106197202290336");
        assertThat(new String(excelBytes, StandardCharsets.UTF_8)).contains("\r\n");
        String legacyText = Files.readString(legacy, Charset.forName("GB18030"));
        assertThat(legacyText).contains("刘䶮").doesNotStartWith("\uFEFF");
        try (Stream<Path> files = Files.list(outbox.resolve("legacy"))) {
            assertThat(files).noneMatch(file -> file.toString().endsWith(".part"));
        }
    }

    private static Path csv(Path directory) throws Exception {
        if (!Files.isDirectory(directory)) {
            return null;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".csv")).findFirst().orElse(null);
        }
    }
}
