package org.exchangehub.catalog.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.exchangehub.catalog.SharingPreview;
import org.exchangehub.protect.FieldMasks;
import org.exchangehub.protect.FieldView;
import org.exchangehub.schema.PiiCategory;
import org.exchangehub.schema.PiiField;
import org.exchangehub.schema.RegisteredSchema;

/**
 * The made-up record of a preview: values invented from the schema (fictional people only), each PII value in the
 * form its view delivers — masked for CLEAR and MASKED (a preview never shows a clear value), the token format for
 * BLIND_INDEX and SEALED, null when omitted.
 */
public final class SamplePreview {

    private SamplePreview() {
    }

    /** The preview of a record type's records in the given views (PII fields without a view are omitted). */
    public static SharingPreview of(String resource, String provider, String recordType, RegisteredSchema registered,
            List<PiiField> piiFields, Map<String, FieldView> views, Instant now) {
        Map<String, PiiField> pii = new LinkedHashMap<>();
        piiFields.forEach(field -> pii.put(field.name(), field));
        List<SharingPreview.Field> fields = new ArrayList<>();
        Map<String, Object> sample = new LinkedHashMap<>();
        for (Schema.Field field : registered.schema().getFields()) {
            PiiField p = pii.get(field.name());
            PiiCategory category = p == null ? null : p.category();
            FieldView view = p == null ? null : views.getOrDefault(field.name(), FieldView.OMIT);
            fields.add(new SharingPreview.Field(field.name(), field.doc(), category == null ? null : category.name(),
                    view, p == null || view != FieldView.OMIT, note(category, view)));
            sample.put(field.name(), value(field, category, view, now));
        }
        return new SharingPreview(resource, provider, recordType, registered.id(),
                registered.schemaText(), fields, sample);
    }

    /** The sample value of a field. */
    public static Object value(Schema.Field field, PiiCategory category, FieldView view, Instant now) {
        if (category != null) {
            return switch (view) {
                case OMIT -> null;
                case CLEAR, MASKED -> FieldMasks.mask(category, clear(category));
                case BLIND_INDEX -> "bi1.…";
                case SEALED -> "ehs1.…";
            };
        }
        return plain(field.name(), field.schema(), now);
    }

    /** What the requester would see of a field with a view. */
    public static String note(PiiCategory category, FieldView view) {
        if (category == null) {
            return "delivered as it is with every record";
        }
        return switch (view) {
            case CLEAR -> "clear value (masked in this preview)";
            case MASKED -> "masked for display";
            case BLIND_INDEX -> "blind index: matches equal values across departments, never shows the value";
            case SEALED -> "encrypted to your department's registered key";
            case OMIT -> "not delivered";
        };
    }

    /** Fictional clear values (the ID number is the standard's example, with its real check character). */
    private static String clear(PiiCategory category) {
        return switch (category) {
            case ID_NUMBER -> "11010519491231002X";
            case NAME -> "张小明";
            case PHONE -> "13800138000";
            case ADDRESS -> "浙江省杭州市西湖区示例路1号";
            case LOCATION -> "杭州市西湖区示例路口";
            case HEALTH -> "示例";
            case FREE_TEXT -> "示例文本";
        };
    }

    private static Object plain(String name, Schema schema, Instant now) {
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> types = schema.getTypes();
            Schema nonNull = types.stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElse(null);
            return nonNull == null ? null : plain(name, nonNull, now);
        }
        LogicalType logical = schema.getLogicalType();
        if (logical != null && logical.getName().startsWith("timestamp")) {
            return now.toString();
        }
        if (logical != null && "date".equals(logical.getName())) {
            return now.toString().substring(0, 10);
        }
        if (logical != null && "uuid".equals(logical.getName())) {
            return "00000000-0000-4000-8000-000000000000";
        }
        String format = schema.getProp("format");
        return switch (schema.getType()) {
            case STRING -> "division-code".equals(format) || name.equals("divisionCode") ? "330106" : "示例";
            case INT, LONG -> 0;
            case FLOAT, DOUBLE -> 0.0;
            case BOOLEAN -> false;
            case ENUM -> schema.getEnumSymbols().get(0);
            case ARRAY -> List.of();
            default -> null;
        };
    }
}
