package org.exchangehub.schema.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.exchangehub.schema.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Error bodies of the registry API in the Confluent format, {@code {"error_code": …, "message": …}}, instead
 * of the problem details the rest of the hub answers with, so that Schema Registry clients understand them.
 */
@RestControllerAdvice(basePackageClasses = RegistryErrors.class)
class RegistryErrors {

    private static final Logger log = LoggerFactory.getLogger(RegistryErrors.class);
    private static final MediaType V1_JSON = MediaType.parseMediaType(RegistryMediaTypes.V1_JSON);

    @ExceptionHandler(SchemaRegistryException.class)
    ResponseEntity<Map<String, Object>> registryError(SchemaRegistryException e) {
        return body(e.code().httpStatus(), e.code().errorCode(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return body(400, 400, "Malformed request body: expected a JSON object such as {\"schema\": \"...\"}");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return body(415, 415, "Unsupported content type; use " + RegistryMediaTypes.V1_JSON + " or application/json");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badPathValue(MethodArgumentTypeMismatchException e) {
        return body(404, SchemaRegistryException.Code.SCHEMA_NOT_FOUND.errorCode(),
                "Invalid value for '" + e.getName() + "': not found");
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<Map<String, Object>> unexpected(RuntimeException e) {
        log.error("Schema registry request failed", e);
        return body(500, 50001, "Error in the backend data store");
    }

    private static ResponseEntity<Map<String, Object>> body(int status, int errorCode, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", errorCode);
        body.put("message", message);
        return ResponseEntity.status(status).contentType(V1_JSON).body(body);
    }
}
