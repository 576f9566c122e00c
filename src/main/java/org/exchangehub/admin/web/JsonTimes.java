package org.exchangehub.admin.web;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.exchangehub.schema.RecordJson;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * One form for every time in the hub's JSON answers (API, actuator), the form of the records' own time fields
 * ({@link RecordJson#time}): ISO-8601 with milliseconds and the Asia/Shanghai offset, the zone the console shows,
 * e.g. {@code 2026-12-06T12:45:46.123+08:00}. Instants are cut to the millisecond, the precision the hub stores.
 * Parsers of RFC 3339 ({@code OffsetDateTime.parse}, {@code Instant.parse}, JavaScript's {@code Date}) read it as
 * the same instant.
 */
@Configuration(proxyBeanMethods = false)
class JsonTimes {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer oneTimeForm() {
        return builder -> builder.serializerByType(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator json, SerializerProvider provider) throws IOException {
                json.writeString(RecordJson.time(value));
            }
        }).serializerByType(OffsetDateTime.class, new StdSerializer<>(OffsetDateTime.class) {
            @Override
            public void serialize(OffsetDateTime value, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                json.writeString(RecordJson.time(value.toInstant()));
            }
        });
    }
}
