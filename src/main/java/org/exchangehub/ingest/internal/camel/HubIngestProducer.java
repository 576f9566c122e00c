package org.exchangehub.ingest.internal.camel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.exchangehub.ingest.InboundOutcome;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.ingest.Mapping;
import org.exchangehub.ingest.Mappings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Splits the body into source records — a JSON array or object, a list of maps (CSV with a header, SQL rows), a
 * map, or JSON text — and hands each to the hub. The body becomes the list of outcomes; headers
 * {@code HubAccepted}, {@code HubDuplicates} and {@code HubQuarantined} count them. A row with no value at all (a
 * blank line in a CSV export, a line of separators only) is passed over and counted in {@code HubBlankRows}, not
 * quarantined as a record missing every field. A batch whose fields match none of the mapping's source fields (a
 * wrong export format or encoding) fails as a whole instead of quarantining every row.
 */
class HubIngestProducer extends DefaultProducer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubIngestEndpoint endpoint;
    private final InboundRecords inbound;
    private final Mappings mappings;

    HubIngestProducer(HubIngestEndpoint endpoint, InboundRecords inbound, Mappings mappings) {
        super(endpoint);
        this.endpoint = endpoint;
        this.inbound = inbound;
        this.mappings = mappings;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        List<JsonNode> rows = records(exchange.getIn().getBody());
        List<JsonNode> records = rows.stream().filter(row -> !blank(row)).toList();
        if (endpoint.getMapping() != null && !records.isEmpty()) {
            checkShape(mappings.byId(endpoint.getMapping()).orElseThrow(), records.get(0));
        }
        List<InboundOutcome> outcomes = new ArrayList<>(records.size());
        String origin = exchange.getIn().getHeader("CamelFileName", String.class);
        for (JsonNode record : records) {
            outcomes.add(endpoint.getMapping() != null
                    ? inbound.receiveMapped(endpoint.getMapping(), record, endpoint.getChannel(), origin)
                    : inbound.receive(endpoint.getRecordType(), record, endpoint.getChannel()));
        }
        exchange.getIn().setHeader("HubAccepted", count(outcomes, InboundOutcome.Status.ACCEPTED));
        exchange.getIn().setHeader("HubDuplicates", count(outcomes, InboundOutcome.Status.DUPLICATE));
        exchange.getIn().setHeader("HubQuarantined", count(outcomes, InboundOutcome.Status.QUARANTINED));
        exchange.getIn().setHeader("HubBlankRows", rows.size() - records.size());
        exchange.getIn().setBody(outcomes);
    }

    private static List<JsonNode> records(Object body) throws Exception {
        JsonNode tree;
        if (body == null) {
            return List.of();
        } else if (body instanceof JsonNode node) {
            tree = node;
        } else if (body instanceof String || body instanceof byte[]) {
            tree = body instanceof String text ? JSON.readTree(text) : JSON.readTree((byte[]) body);
        } else if (body instanceof Collection<?> || body instanceof Map<?, ?>) {
            tree = JSON.valueToTree(body);
        } else {
            throw new IllegalArgumentException("hub:ingest cannot read a body of type " + body.getClass().getName());
        }
        List<JsonNode> records = new ArrayList<>();
        if (tree.isMissingNode() || tree.isNull()) {
            return records;
        }
        if (tree.isArray()) {
            tree.forEach(records::add);
        } else {
            records.add(tree);
        }
        return records;
    }

    /** An object whose every value is null or white space: a blank line of a CSV file read with its header. */
    private static boolean blank(JsonNode row) {
        if (!row.isObject() || row.isEmpty()) {
            return false;
        }
        for (JsonNode value : row) {
            if (!value.isNull() && !(value.isTextual() && value.asText().isBlank())) {
                return false;
            }
        }
        return true;
    }

    private static void checkShape(Mapping mapping, JsonNode first) {
        boolean anyKnown = mapping.fields().values().stream()
                .map(rule -> rule.from() == null ? null : rule.from().split("/")[0])
                .anyMatch(field -> field != null && first.has(field));
        if (!anyKnown) {
            throw new IllegalArgumentException("records match none of the source fields of mapping " + mapping.id()
                    + ": wrong export format or text encoding");
        }
    }

    private static long count(List<InboundOutcome> outcomes, InboundOutcome.Status status) {
        return outcomes.stream().filter(outcome -> outcome.status() == status).count();
    }
}
