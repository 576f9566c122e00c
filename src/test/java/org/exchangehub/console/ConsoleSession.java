package org.exchangehub.console;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser's HTTP conversation with the console without a browser: cookies kept, redirects not followed, the
 * CSRF token read from the last page and sent with forms.
 */
public final class ConsoleSession {

    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\"[^>]*?(?:value|content)=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private String token;

    public ConsoleSession(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = send(request);
        Matcher matcher = TOKEN.matcher(response.body());
        if (matcher.find()) {
            token = matcher.group(1);
        }
        return response;
    }

    /** A form post with the CSRF token of the last page (unless {@code withToken} is false). */
    public HttpResponse<String> post(String path, Map<String, String> form, boolean withToken) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(form);
        if (withToken && token != null) {
            fields.put("_csrf", token);
        }
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), UTF_8) + "=" + URLEncoder.encode(e.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Signs in through the form; the answer is the redirect. */
    public HttpResponse<String> signIn(String username, String password) {
        get("/console/login");
        return post("/console/login", Map.of("username", username, "password", password), true);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
