package org.exchangehub.console.internal;

import java.util.Locale;

import org.apache.avro.Schema;
import org.exchangehub.exchange.Departments;
import org.exchangehub.schema.CanonicalSchemas;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Names instead of codes on console pages, for the clerk who reads them: a department's name in the page's language
 * ({@code ${@consoleNames.department(code)}}), and what a field of a record type holds, from its schema's
 * {@code doc} ({@code ${@consoleNames.field(recordType, field)}}). Unknown codes and fields show as they are.
 */
@Component("consoleNames")
public class ConsoleNames {

    private final Departments departments;
    private final CanonicalSchemas schemas;

    ConsoleNames(Departments departments, CanonicalSchemas schemas) {
        this.departments = departments;
        this.schemas = schemas;
    }

    /** The department's name in the page's language; the code when there is no such department. */
    public String department(String code) {
        if (code == null) {
            return "";
        }
        boolean chinese = Locale.CHINESE.getLanguage().equals(LocaleContextHolder.getLocale().getLanguage());
        return departments.byCode(code).map(d -> chinese ? d.nameZh() : d.nameEn()).orElse(code);
    }

    /** The schema's doc of a record type's field (a nested path's first segment); empty when unknown. */
    public String field(String recordType, String field) {
        if (recordType == null || field == null) {
            return "";
        }
        String name = field.split("[.\\[]", 2)[0];
        return schemas.forRecordType(recordType).map(registered -> registered.schema().getField(name))
                .map(Schema.Field::doc).orElse("");
    }
}
