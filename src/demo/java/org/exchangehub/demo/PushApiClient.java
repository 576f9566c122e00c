package org.exchangehub.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.time.LocalDate;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Pushes to the hub's push API as department systems would: the 12345 hotline's work orders, the status updates
 * departments send back about them, and civil affairs' register of elderly residents living alone.
 */
final class PushApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String[][] REQUESTS = { { "求助", "独居老人请求上门探访", "grid" },
            { "投诉", "小区路灯损坏多日未修", "grid" }, { "咨询", "咨询低保申请条件", "civil-affairs" },
            { "求助", "高龄老人申请居家养老服务", "civil-affairs" } };

    private final HttpClient http = HttpClient.newHttpClient();
    private final String hubUrl;
    private final FictionalPeople people;
    private final Map<String, String> keys;
    private int orders;

    PushApiClient(String hubUrl, FictionalPeople people, Map<String, String> keys) {
        this.hubUrl = hubUrl;
        this.people = people;
        this.keys = Map.copyOf(keys);
    }

    /**
     * Gets an API key for each pushing department the way their IT staff would: an admin issues it through the
     * admin API (here the demo admin, whose password is in the demo users file) and hands it over. Keys live a day.
     */
    static Map<String, String> issueKeys(String hubUrl, Path demoUsers, List<String> departments)
            throws IOException, InterruptedException {
        Properties users = new Properties();
        try (var reader = Files.newBufferedReader(demoUsers, UTF_8)) {
            users.load(reader);
        }
        String admin = "Basic " + Base64.getEncoder().encodeToString(("admin:" + users.getProperty("admin"))
                .getBytes(UTF_8));
        HttpClient client = HttpClient.newHttpClient();
        Map<String, String> keys = new HashMap<>();
        for (String department : departments) {
            var response = client.send(HttpRequest.newBuilder(URI.create(hubUrl + "/api/v1/admin/departments/"
                    + department + "/api-keys")).header("Authorization", admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"label\": \"demo simulator\", \"validityDays\": 1}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IOException("issuing a demo key for " + department + " answered " + response.statusCode());
            }
            keys.put(department, JSON.readTree(response.body()).get("key").asText());
        }
        return keys;
    }

    synchronized void newWorkOrder() throws IOException, InterruptedException {
        orders++;
        FictionalPeople.Person caller = people.next();
        String[] request = REQUESTS[people.nextInt(REQUESTS.length)];
        OffsetDateTime now = OffsetDateTime.now(SHANGHAI);
        ObjectNode order = JSON.createObjectNode();
        String number = "WO" + now.toLocalDate().toString().replace("-", "") + "%05d".formatted(orders);
        order.put("sourceDepartment", "hotline");
        order.put("sourceKey", number);
        order.put("occurredAt", now.toString());
        order.put("workOrderNo", number);
        order.put("channel", "HOTLINE");
        order.put("requestType", request[0]);
        order.put("content", request[1]);
        order.put("address", caller.address());
        order.put("divisionCode", caller.divisionCode());
        order.put("callerName", caller.name());
        order.put("callerPhone", caller.phone());
        order.put("assignedDepartment", request[2]);
        order.put("dueAt", now.plusDays(2).toString());
        push("work-order", order);
    }

    /** A department reports back on a work order it received. */
    void statusUpdate(String department, String workOrderNo) throws IOException, InterruptedException {
        OffsetDateTime now = OffsetDateTime.now(SHANGHAI);
        ObjectNode update = JSON.createObjectNode();
        update.put("sourceDepartment", department);
        update.put("sourceKey", workOrderNo + "-RESOLVED");
        update.put("occurredAt", now.toString());
        update.put("workOrderNo", workOrderNo);
        update.put("status", "RESOLVED");
        update.put("handlingDepartment", department);
        update.put("note", "已联系来电人并上门处理");
        push("work-order-status", update);
    }

    /** Civil affairs registers a resident, living alone or not. */
    void registerResident(FictionalPeople.Person person, boolean livesAlone) throws IOException, InterruptedException {
        ObjectNode resident = JSON.createObjectNode();
        resident.put("sourceDepartment", "civil-affairs");
        resident.put("sourceKey", "P" + person.idNumber().substring(6, 14) + person.idNumber().substring(14, 17));
        resident.put("occurredAt", OffsetDateTime.now(SHANGHAI).toString());
        resident.put("idNumber", person.idNumber());
        resident.put("name", person.name());
        resident.put("phone", person.phone());
        resident.put("address", person.address());
        resident.put("divisionCode", person.divisionCode());
        resident.put("livesAlone", livesAlone);
        push("person", resident);
    }

    /**
     * Scenario 3: civil affairs' system asks police for incident data to verify allowance applicants, delivered to
     * its inbox at the subscriber simulator. The request waits for police's approver (demo user
     * {@code police-approver}, in the console or the API).
     *
     * @return the request's id, or null when the hub refused it (logged by the caller)
     */
    String requestVerificationData(String inboxBaseUrl) throws IOException, InterruptedException {
        ObjectNode form = JSON.createObjectNode();
        form.put("resource", "police-incident");
        form.putObject("fields").put("callerIdNumber", "BLIND_INDEX").put("place", "MASKED");
        form.put("purpose", "核查最低生活保障申请人近期警情 (verify subsistence allowance applicants)");
        form.put("legalBasis", "《社会救助暂行办法》第十一条");
        form.put("validUntil", LocalDate.now(SHANGHAI).plusMonths(6).toString());
        form.putObject("channel").put("type", "WEBHOOK").put("url", inboxBaseUrl + "/civil-affairs/inbox");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(hubUrl + "/api/v1/sharing-requests"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + keys.get("civil-affairs"))
                .POST(HttpRequest.BodyPublishers.ofString(form.toString(), UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
        return response.statusCode() == 201 ? JSON.readTree(response.body()).path("id").asText() : null;
    }

    private void push(String recordType, ObjectNode record) throws IOException, InterruptedException {
        String key = keys.get(record.get("sourceDepartment").asText());
        http.send(HttpRequest.newBuilder(URI.create(hubUrl + "/api/v1/inbound/" + recordType))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(record.toString(), UTF_8)).build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
