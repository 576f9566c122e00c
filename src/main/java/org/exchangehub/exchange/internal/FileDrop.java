package org.exchangehub.exchange.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.schema.RecordJson;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * FILE deliveries: one CSV per batch in the subscriber's directory, named
 * {@code <subscription>-<first cursor>-<last cursor>.csv}, written as {@code .part} and renamed when complete so
 * that the subscriber never reads half a file. Columns: the envelope (cursor, recordId, recordType, version,
 * sourceDepartment), then every field of the schema in the subscriber's view. UTF-8 with a byte order mark (so
 * Excel reads it) or GB18030; CRLF line ends; RFC 4180 quoting.
 */
@Component
class FileDrop {

    private static final List<String> ENVELOPE = List.of("cursor", "recordId", "recordType", "version",
            "sourceDepartment");

    void write(String subscriptionId, DeliveryChannel channel, DeliveryBatch batch) throws IOException {
        Path directory = Path.of(channel.directory());
        Files.createDirectories(directory);
        List<DeliveryBatch.Written> records = batch.written();
        String name = "%s-%d-%d.csv".formatted(subscriptionId, records.get(0).envelope().cursor(),
                records.get(records.size() - 1).envelope().cursor());
        Schema schema = records.get(0).view().getSchema();
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(ENVELOPE);
        schema.getFields().forEach(field -> header.add(field.name()));
        line(csv, header);
        for (DeliveryBatch.Written written : records) {
            DeliveryBatch.Envelope entry = written.envelope();
            List<String> cells = new ArrayList<>(List.of(String.valueOf(entry.cursor()), entry.recordId(),
                    entry.recordType(), String.valueOf(entry.version()), entry.sourceDepartment()));
            JsonNode record = RecordJson.toJson(written.view());
            schema.getFields().forEach(field -> cells.add(record.get(field.name()).isNull() ? ""
                    : record.get(field.name()).asText()));
            line(csv, cells);
        }
        boolean bom = "UTF-8-BOM".equals(channel.encoding());
        Charset charset = bom ? StandardCharsets.UTF_8 : Charset.forName("GB18030");
        Path part = directory.resolve(name + ".part");
        Files.writeString(part, (bom ? "\uFEFF" : "") + csv, charset);
        Files.move(part, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            String cell = cells.get(i);
            if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
                csv.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                csv.append(cell);
            }
        }
        csv.append("\r\n");
    }
}
