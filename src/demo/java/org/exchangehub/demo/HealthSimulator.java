package org.exchangehub.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The health system: {@code GET /api/v1/death-certificates?since=} and {@code /api/v1/vaccinations?since=}
 * answer XML documents after the cursor, as hospital and vaccination systems export them. Its counts survive
 * restarts ({@link SimulatorState}); a cursor it has no page for is answered with no documents and the current
 * cursor, so the hub's adapters carry on after a restart.
 */
final class HealthSimulator {

    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String[][] CAUSES = { { "急性心肌梗死", "冠状动脉粥样硬化性心脏病", "I21.9" },
            { "脑出血", "高血压病", "I61.9" }, { "呼吸衰竭", "慢性阻塞性肺疾病", "J96.9" } };
    private static final String[][] VACCINES = { { "3301", "流感疫苗" }, { "3302", "肺炎球菌疫苗" } };

    private final WireMockServer server;
    private final FictionalPeople people;
    private final SimulatorState state;
    private int deaths;
    private int vaccinations;

    HealthSimulator(int port, FictionalPeople people, SimulatorState state) {
        this.server = new WireMockServer(options().port(port));
        this.people = people;
        this.state = state;
        this.deaths = state.get("health.deaths");
        this.vaccinations = state.get("health.vaccinations");
    }

    synchronized void start() {
        server.start();
        page("/api/v1/death-certificates", "DeathMedicalCertificates", null, "d" + deaths, "");
        page("/api/v1/vaccinations", "Vaccinations", null, "v" + vaccinations, "");
    }

    synchronized void newDeath() {
        FictionalPeople.Person person = people.next();
        String[] cause = CAUSES[people.nextInt(CAUSES.length)];
        LocalDateTime now = LocalDateTime.now();
        String certificate = """
                <DeathMedicalCertificate><CertificateNo>S%s%s%03d</CertificateNo>
                  <Hospital><Name>某市第一人民医院</Name><USCC>12330105MB0012345N</USCC></Hospital>
                  <Deceased><Name>%s</Name><IdNumber>%s</IdNumber><Address>%s</Address></Deceased>
                  <DeathTime>%s</DeathTime>
                  <CauseOfDeath><Direct>%s</Direct><Underlying>%s</Underlying><ICD10>%s</ICD10></CauseOfDeath>
                </DeathMedicalCertificate>""".formatted(person.divisionCode(), now.format(COMPACT).substring(0, 8), deaths,
                person.name(), person.idNumber(), person.address(), now.format(COMPACT), cause[0], cause[1], cause[2]);
        page("/api/v1/death-certificates", "DeathMedicalCertificates", "d" + deaths, "d" + (deaths + 1), certificate);
        deaths++;
        state.put("health.deaths", deaths);
        page("/api/v1/death-certificates", "DeathMedicalCertificates", null, "d" + deaths, "");
    }

    synchronized void newVaccination() {
        FictionalPeople.Person person = people.next();
        String[] vaccine = VACCINES[people.nextInt(VACCINES.length)];
        String record = """
                <Vaccination><RecordNo>V%s%06d</RecordNo>
                  <Person><Name>%s</Name><IdNumber>%s</IdNumber></Person>
                  <Vaccine><Code>%s</Code><Name>%s</Name><Batch>B2026-11</Batch></Vaccine>
                  <DoseNumber>1</DoseNumber><VaccinatedAt>%s</VaccinatedAt>
                  <Clinic><Name>某社区卫生服务中心</Name><USCC>12330105MB0012345N</USCC><DivisionCode>330105</DivisionCode></Clinic>
                </Vaccination>""".formatted(person.divisionCode(), vaccinations, person.name(), person.idNumber(),
                vaccine[0], vaccine[1], LocalDateTime.now().format(COMPACT));
        page("/api/v1/vaccinations", "Vaccinations", "v" + vaccinations, "v" + (vaccinations + 1), record);
        vaccinations++;
        state.put("health.vaccinations", vaccinations);
        page("/api/v1/vaccinations", "Vaccinations", null, "v" + vaccinations, "");
    }

    /** The answer to {@code since}; null: to any other cursor (the first poll's, one from before a restart). */
    private void page(String path, String list, String since, String next, String documents) {
        String body = "<" + list + " nextCursor=\"" + next + "\" hasMore=\"false\">" + documents + "</" + list + ">";
        UUID unknownCursors = UUID.nameUUIDFromBytes(
                path.getBytes(StandardCharsets.UTF_8));
        if (since == null) {
            server.removeStub(unknownCursors);
        }
        var request = since == null ? get(urlPathEqualTo(path)).atPriority(9).withId(unknownCursors)
                : get(urlPathEqualTo(path)).withQueryParam("since", equalTo(since));
        server.stubFor(request.willReturn(aResponse().withHeader("Content-Type", "application/xml; charset=utf-8")
                .withBody(body)));
    }

    void stop() {
        server.stop();
    }
}
