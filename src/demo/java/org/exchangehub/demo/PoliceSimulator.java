package org.exchangehub.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The police incident API: {@code GET /api/v1/incidents?since=<cursor>} answers the incidents after the cursor
 * with {@code nextCursor} and {@code hasMore}, in the police system's pinyin-initial field names. Its page count
 * survives restarts ({@link SimulatorState}); a cursor it no longer has pages for (published before a restart) is
 * answered with no incidents and the current cursor, so the hub's adapter carries on after a restart.
 *
 * <p>The household registry behind the query service {@code household-registration}:
 * {@code POST /api/v1/household-registrations/query} with {@code {"idNumber": …}} answers the registration of the
 * callers of the latest incidents (the most recent 500 people) and of the demo resident, and 404 for anyone else.
 */
final class PoliceSimulator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] CATEGORIES = { { "纠纷", "邻里纠纷" }, { "求助", "老人摔倒求助" },
            { "噪音", "夜间施工噪音" }, { "走失", "老人走失后找回" }, { "求助", "独居老人家中无人应答" } };
    private static final UUID UNKNOWN_CURSORS = UUID.nameUUIDFromBytes(
            "police-unknown-cursors".getBytes(StandardCharsets.UTF_8));
    private static final DateTimeFormatter POLICE_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private static final String REGISTRY = "/api/v1/household-registrations/query";
    private static final int REGISTERED_PEOPLE = 500;

    private final WireMockServer server;
    private final Deque<UUID> registered = new ArrayDeque<>();
    private final FictionalPeople people;
    private final SimulatorState state;
    private int page;

    PoliceSimulator(int port, FictionalPeople people, SimulatorState state) {
        this.server = new WireMockServer(options().port(port));
        this.people = people;
        this.state = state;
        this.page = state.get("police.page");
    }

    synchronized void start() {
        server.start();
        answerUnknownCursors();
        server.stubFor(post(urlPathEqualTo(REGISTRY)).atPriority(9).willReturn(aResponse().withStatus(404)));
        register(FictionalPeople.DEMO_RESIDENT);
    }

    /** Publishes a new page of incidents after the current cursor. */
    synchronized void newIncidents(int count) {
        ArrayNode incidents = JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            FictionalPeople.Person caller = people.next();
            String[] category = CATEGORIES[people.nextInt(CATEGORIES.length)];
            LocalDateTime now = LocalDateTime.now();
            ObjectNode incident = incidents.addObject();
            incident.put("JJDBH", "J" + caller.divisionCode() + now.format(POLICE_TIME).substring(0, 8)
                    + "%04d".formatted(page * 10 + i));
            incident.put("JJSJ", now.format(POLICE_TIME));
            incident.put("BJRXM", caller.name());
            incident.put("BJRSFZH", caller.idNumber());
            incident.put("BJRDH", "+86 " + caller.phone());
            incident.put("AFDD", caller.address());
            incident.put("XZQH", caller.divisionCode());
            incident.put("AJLB", category[0]);
            incident.put("JJNR", category[1]);
            register(caller);
        }
        answer("p" + page, "p" + (page + 1), incidents);
        page++;
        state.put("police.page", page);
        answerUnknownCursors();
    }

    private void answer(String since, String next, ArrayNode incidents) {
        server.stubFor(get(urlPathEqualTo("/api/v1/incidents")).withQueryParam("since", equalTo(since))
                .willReturn(page(next, incidents)));
    }

    /** Any other cursor (the first poll's empty one, one from before a restart): nothing new, the current cursor. */
    private void answerUnknownCursors() {
        server.removeStub(UNKNOWN_CURSORS);
        server.stubFor(get(urlPathEqualTo("/api/v1/incidents")).atPriority(9).withId(UNKNOWN_CURSORS)
                .willReturn(page("p" + page, JSON.createArrayNode())));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder page(String next,
            ArrayNode incidents) {
        ObjectNode body = JSON.createObjectNode();
        body.set("data", incidents);
        body.put("nextCursor", next);
        body.put("hasMore", false);
        return aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody(body.toString());
    }

    /** The person's household registration, answered by the registry (the oldest one forgotten beyond 500). */
    private void register(FictionalPeople.Person person) {
        ObjectNode registration = JSON.createObjectNode();
        registration.put("sourceKey", "HR-" + person.idNumber().substring(0, 6) + person.idNumber().substring(14));
        registration.put("occurredAt", "2015-03-01T09:00:00+08:00");
        registration.put("idNumber", person.idNumber());
        registration.put("name", person.name());
        registration.put("sex", (person.idNumber().charAt(16) - '0') % 2 == 1 ? "1" : "2");
        registration.put("householdNo", person.divisionCode() + person.idNumber().substring(14, 17) + "001");
        registration.put("relationToHead", "02");
        registration.put("address", person.address());
        registration.put("divisionCode", person.divisionCode());
        registration.put("status", "REGISTERED");
        registration.put("registeredOn", "2015-03-01");
        UUID id = UUID.randomUUID();
        server.stubFor(post(urlPathEqualTo(REGISTRY)).withId(id)
                .withRequestBody(matchingJsonPath("$.idNumber", equalTo(person.idNumber())))
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(registration.toString())));
        registered.addLast(id);
        if (registered.size() > REGISTERED_PEOPLE) {
            server.removeStub(registered.removeFirst());
        }
    }

    void stop() {
        server.stop();
    }
}
