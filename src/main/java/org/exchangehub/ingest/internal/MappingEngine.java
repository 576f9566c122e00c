package org.exchangehub.ingest.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.exchangehub.ingest.CodeTable;
import org.exchangehub.ingest.ElementCheck;
import org.exchangehub.ingest.FieldProblem;
import org.exchangehub.ingest.Mapping;
import org.exchangehub.ingest.MappingResult;
import org.exchangehub.ingest.MobilePhone;
import org.exchangehub.ingest.ReasonCode;
import org.exchangehub.ingest.ResidentIdNumber;
import org.exchangehub.ingest.SourceDates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Applies a {@link Mapping} to one source record (a JSON tree: a CSV row, a JSON object, XML, a SQL row). */
public final class MappingEngine {

    /** Transforms a mapping may name. */
    public static final Set<String> TRANSFORMS = Set.of("text", "date", "date-time", "integer", "boolean",
            "yuan-to-fen", "id-number", "phone");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final char REPLACEMENT = '\uFFFD';

    private MappingEngine() {
    }

    public static MappingResult apply(Mapping mapping, Map<String, CodeTable> codes, JsonNode source) {
        ObjectNode canonical = NODES.objectNode();
        canonical.put("sourceDepartment", mapping.sourceDepartment());
        List<FieldProblem> problems = new ArrayList<>();
        mapping.fields().forEach((field, rule) -> {
            try {
                JsonNode value = value(rule, codes, source);
                if (value == null) {
                    if (rule.required()) {
                        problems.add(new FieldProblem(field, ReasonCode.REQUIRED_MISSING.name()));
                    }
                } else {
                    canonical.set(field, value);
                }
            } catch (ElementException e) {
                problems.add(new FieldProblem(field, e.code));
            }
        });
        return new MappingResult(canonical, problems);
    }

    private static JsonNode value(Mapping.Rule rule, Map<String, CodeTable> codes, JsonNode source) {
        if (rule.constant() != null) {
            return scalar(rule.constant());
        }
        String text;
        if (rule.concat() != null && !rule.concat().isEmpty()) {
            List<String> parts = new ArrayList<>();
            rule.concat().forEach(path -> {
                String part = text(source, path);
                if (part != null) {
                    parts.add(part);
                }
            });
            text = parts.isEmpty() ? null : String.join(rule.separator() == null ? "" : rule.separator(), parts);
        } else {
            text = text(source, rule.from());
        }
        if (text == null) {
            return null;
        }
        if (text.indexOf(REPLACEMENT) >= 0) {
            throw new ElementException("ENCODING");
        }
        if (rule.codeTable() != null) {
            Object mapped = codes.get(rule.codeTable()).entries().get(text);
            if (mapped == null) {
                throw new ElementException(ReasonCode.CODE_UNKNOWN.name());
            }
            return scalar(mapped);
        }
        return transform(rule.transform() == null ? "text" : rule.transform(), text);
    }

    private static JsonNode transform(String transform, String text) {
        return switch (transform) {
            case "date" -> NODES.textNode(checked(SourceDates.date(text)).toString());
            case "date-time" -> NODES.textNode(checked(SourceDates.dateTime(text)).toString());
            case "id-number" -> NODES.textNode(checked(ResidentIdNumber.check(text)));
            case "phone" -> NODES.textNode(checked(MobilePhone.check(text)));
            case "integer" -> {
                try {
                    yield NODES.numberNode(Integer.parseInt(text));
                } catch (NumberFormatException e) {
                    throw new ElementException("NUMBER_FORMAT");
                }
            }
            case "yuan-to-fen" -> {
                try {
                    yield NODES.numberNode(new BigDecimal(text).movePointRight(2).longValueExact());
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new ElementException("NUMBER_FORMAT");
                }
            }
            case "boolean" -> switch (text.toLowerCase()) {
                case "true", "1", "y", "yes", "是" -> NODES.booleanNode(true);
                case "false", "0", "n", "no", "否" -> NODES.booleanNode(false);
                default -> throw new ElementException(ReasonCode.CODE_UNKNOWN.name());
            };
            default -> NODES.textNode(text);
        };
    }

    /** The text at a source path ({@code a/b}), stripped; null when absent, null, empty or not a value. */
    public static String text(JsonNode source, String path) {
        JsonNode node = source;
        for (String part : path.split("/")) {
            node = node == null ? null : node.get(part);
        }
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String text = node.asText().strip();
        return text.isEmpty() ? null : text;
    }

    private static <T> T checked(ElementCheck<T> check) {
        if (!check.isValid()) {
            throw new ElementException(check.reason().name());
        }
        return check.value();
    }

    private static JsonNode scalar(Object value) {
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        return NODES.textNode(value.toString());
    }

    /** A field that could not be produced, with its reason code. */
    private static final class ElementException extends RuntimeException {

        private final String code;

        ElementException(String code) {
            super(code, null, false, false);
            this.code = code;
        }
    }
}
