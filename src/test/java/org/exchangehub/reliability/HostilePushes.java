package org.exchangehub.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.exchangehub.HubHttp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@link HostileInputs} pushed by a few department clients at once, each answer classified: {@code refused <status>}
 * (a 4xx with a problem body), {@code answered 200} (every record accepted where that is allowed, or quarantined with
 * a reason), or {@code UNHANDLED …} (anything else, also an answer that shows one of the planted secrets).
 */
final class HostilePushes {

    /** Department clients pushing at once. */
    static final int CLIENTS = 4;

    private HostilePushes() {
    }

    /**
     * Makes {@code pushes} inputs in order from the generator (input {@code n} about person {@code firstPerson + 2n}),
     * sends them from {@link #CLIENTS} clients and hands each input with its outcome to {@code outcome}; returns when
     * all are answered.
     */
    static void send(HubHttp http, String key, HostileInputs inputs, int pushes, int firstPerson, List<String> secrets,
            BiConsumer<HostileInputs.Case, String> outcome) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int n = 0; n < pushes; n++) {
                HostileInputs.Case input = inputs.next(n, firstPerson + 2 * n);
                sent.add(clients.submit(() -> outcome.accept(input, push(http, key, input, secrets))));
            }
            for (Future<?> push : sent) {
                push.get(5, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdown();
        }
    }

    /** Sends the input; a 429 (the clients together over the department's rate) is sent again after its Retry-After. */
    private static HubHttp.Response sendRespectingRateLimit(HubHttp http, String path, String key,
            HostileInputs.Case input) {
        while (true) {
            HubHttp.Response response = http.sendBytes("POST", path, "Bearer " + key, input.contentType(),
                    input.body());
            if (response.status() != 429) {
                return response;
            }
            try {
                String retryAfter = response.header("Retry-After");
                Thread.sleep(1_000L * (retryAfter == null ? 1 : Long.parseLong(retryAfter)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return response;
            }
        }
    }

    /** 4xx with a problem, or 200 with each record accepted (where allowed) or quarantined with a reason. */
    private static String push(HubHttp http, String key, HostileInputs.Case input, List<String> secrets) {
        HubHttp.Response response;
        try {
            String type = input.recordType().contains("%") ? input.recordType()
                    : URLEncoder.encode(input.recordType(), UTF_8);
            response = sendRespectingRateLimit(http, "/api/v1/inbound/" + type, key, input);
        } catch (UncheckedIOException e) {
            return "UNHANDLED no answer";
        }
        if (secrets.stream().anyMatch(secret -> response.body().contains(secret)
                || response.headers().toString().contains(secret))) {
            return "UNHANDLED answer with a secret";
        }
        int status = response.status();
        if (status >= 400 && status < 500) {
            return problem(response) ? "refused " + status : "UNHANDLED " + status + " without a problem body";
        }
        if (status != 200) {
            return "UNHANDLED " + status;
        }
        for (JsonNode result : response.json().get("results")) {
            String outcome = result.path("status").asText();
            boolean quarantined = outcome.equals("QUARANTINED") && result.path("problems").size() > 0
                    && !result.path("quarantineId").asText().isEmpty();
            boolean accepted = outcome.equals("ACCEPTED") || outcome.equals("DUPLICATE");
            if (!quarantined && !(accepted && input.mayBeAccepted())) {
                return "UNHANDLED 200 " + outcome;
            }
        }
        return "answered 200";
    }

    private static boolean problem(HubHttp.Response response) {
        try {
            return response.json().hasNonNull("title") && response.json().hasNonNull("status");
        } catch (RuntimeException e) {
            return false;
        }
    }
}
