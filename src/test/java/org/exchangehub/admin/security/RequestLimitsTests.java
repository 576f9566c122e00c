package org.exchangehub.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Limits that hold for every endpoint and every caller: a chunked body over the limit is refused with 413 like one
 * that announces its length, without the body being read to its end; a body that stalls gets 408 problem details;
 * headers over 16 KiB get 431; a malformed multipart body sent anonymously to a public endpoint gets 400 problem
 * details and leaves no stack trace in the log.
 */
@HubTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "server.tomcat.connection-timeout=1s")
@Isolated("it reads the whole process's output for exceptions another class may log")
class RequestLimitsTests {

    static final byte[] TWO_MIB = new byte[2 * 1024 * 1024];

    static {
        Arrays.fill(TWO_MIB, (byte) 'a');
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aChunkedBodyOverTheLimitIs413EverywhereTheLimitIsOneMebibyte() throws Exception {
        List<String[]> endpoints = List.of(
                new String[] { "/registry/subjects/big-value/versions", TestCredentials.ADMIN },
                new String[] { "/api/v1/admin/departments", TestCredentials.ADMIN },
                new String[] { "/api/v1/audit/verification", TestCredentials.AUDITOR },
                new String[] { "/api/v1/sharing-requests", null },
                new String[] { "/actuator/health", null },
                new String[] { "/error", null },
                new String[] { "/console/login", null });
        for (String[] endpoint : endpoints) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + endpoint[0]))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(TWO_MIB)));
            if (endpoint[1] != null) {
                request.header("Authorization", TestCredentials.basic(endpoint[1]));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(endpoint[0]).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(endpoint[0]).startsWith("application/problem+json");
            assertThat(response.body()).contains("hub.security.max-request-bytes");
        }
    }

    @Test
    void aChunkedBodyWithinTheLimitIsReadAsUsual() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/audit/verification"))
                .header("Authorization", TestCredentials.basic(TestCredentials.AUDITOR))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream("\n".getBytes())))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"ok\":true");
    }

    @Test
    void aBodyThatStallsGets408ProblemDetails(CapturedOutput output) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/audit/verification HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + TestCredentials.basic(TestCredentials.AUDITOR) + "\r\nContent-Type: application/x-ndjson\r\n"
                    + "Content-Length: 100\r\n\r\n0123456789").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json")
                    .contains("server.tomcat.connection-timeout");
        }
        assertThat(output.getAll()).doesNotContain("SocketTimeoutException");
    }

    @Test
    void anUnknownCharsetAWrongMethodAndAnUnsupportedMediaTypeGetProblemDetails(CapturedOutput output)
            throws Exception {
        String admin = TestCredentials.basic(TestCredentials.ADMIN);
        HttpResponse<String> charset = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/admin/departments"))
                .header("Authorization", admin).header("Content-Type", "application/json; charset=no-such-charset")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> method = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> mediaType = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/admin/departments"))
                .header("Authorization", admin).header("Content-Type", "application/x-unknown")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(charset, method, mediaType)) {
            assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isBetween(400, 499);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(response.body())
                    .startsWith("application/problem+json");
        }
        assertThat(output.getAll()).doesNotContain("UnsupportedCharsetException")
                .doesNotContain("HttpMediaTypeNotSupportedException").doesNotContain("HttpRequestMethodNotSupportedException");
    }

    @Test
    void headersOver16KibAre431() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).header("X-Padding", "p".repeat(17 * 1024))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(431);
        assertThat(response.body()).contains("hub.security.max-header-bytes");
    }

    @Test
    void malformedMultipartToPublicEndpointsIs400ProblemDetailsWithoutAStackTrace(CapturedOutput output)
            throws Exception {
        for (String path : List.of("/actuator/health", "/v3/api-docs", "/error")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "multipart/form-data; boundary=----broken")
                    .POST(HttpRequest.BodyPublishers.ofString("------broken\r\nContent-Disposition: form-data; name=\"a\"\r\n"
                            + "\r\nno closing boundary"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/problem+json");
        }
        assertThat(output.getOut() + output.getErr()).doesNotContain("FileUploadException")
                .doesNotContain("\tat org.springframework.web.multipart");
    }
}
