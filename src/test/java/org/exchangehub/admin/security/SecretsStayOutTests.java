package org.exchangehub.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.exchangehub.AuthorizationMatrix;
import org.exchangehub.AuthorizationMatrix.Caller;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * No secret in any message: marked secrets are planted in every secret setting (the keystore password, the civil
 * affairs database password, a webhook secret), and with the people's passwords, their password hashes and the
 * departments' API keys none of them may appear in any answer of the whole authorization matrix, in the answers to
 * route files that name secrets in placeholders, in any log line, or in the audit log.
 */
@HubTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "hub.data-dir=target/test-secrets/data",
        "hub.protect.keystore-password=" + SecretsStayOutTests.KEYSTORE,
        "hub.adapters.civil-affairs.password=" + SecretsStayOutTests.DATABASE })
class SecretsStayOutTests {

    static final String KEYSTORE = "marker-keystore-secret-3f9a";
    static final String DATABASE = "marker-database-secret-81c4";
    static final String WEBHOOK = "marker-webhook-secret-d27e";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    Environment environment;

    @Autowired
    JdbcClient jdbc;

    @Test
    void noPlantedSecretAppearsInAnyAnswerLogLineOrAuditEventAcrossTheAuthorizationMatrix(CapturedOutput output)
            throws Exception {
        HubHttp http = new HubHttp(port);
        String admin = TestCredentials.basic(TestCredentials.ADMIN);
        assertThat(http.post("/api/v1/admin/subscriptions", admin, """
                {"id": "secrets-webhook", "subscriber": "police", "recordType": "police-incident", "purpose": "测试用途",
                 "legalBasis": "《测试条例》第一条", "views": {},
                 "channel": {"type": "WEBHOOK", "url": "http://127.0.0.1:9/x", "secret": "%s"}}""".formatted(WEBHOOK))
                .status()).isLessThan(300);
        Map<Caller, String> callers = AuthorizationMatrixTests.callers(keys);
        List<String> answers = new ArrayList<>();
        for (String placeholder : List.of("hub.protect.keystore-password", "hub.adapters.civil-affairs.password",
                "hub.security.users[0].password-hash", "hub.subscriptions[0].channel.secret")) {
            String route = "- route:\n    id: secrets-probe\n    from:\n      uri: timer:x\n      steps:\n        - to: \"{{"
                    + placeholder + "}}:y\"\n        - to: \"log:{{" + placeholder + "}}\"\n";
            answers.add(http.send("POST", "/api/v1/admin/routes/files/secrets-probe.camel.yaml/validate", admin,
                    "application/yaml", route, Map.of()).body());
        }

        AuthorizationMatrix.Outcome outcome = new AuthorizationMatrix("http://localhost:" + port, answers::add)
                .run(AuthorizationMatrixTests.endpoints(context), callers);

        List<String> secrets = secrets(callers);
        assertThat(outcome.cases()).isGreaterThan(500);
        assertThat(answers).hasSizeGreaterThan(500);
        List<String> audit = jdbc.sql("SELECT CONCAT(COALESCE(detail, ''), ' ', COALESCE(actor, ''), ' ',"
                + " COALESCE(purpose, '')) FROM audit_event").query(String.class).list();
        for (String secret : secrets) {
            assertThat(answers).as("answers").noneMatch(answer -> answer.contains(secret));
            assertThat(output.getAll()).as("log lines").doesNotContain(secret);
            assertThat(audit).as("audit events").noneMatch(event -> event.contains(secret));
        }
    }

    /** Every secret the hub holds here: planted markers, passwords, password hashes, API keys. */
    private List<String> secrets(Map<Caller, String> callers) {
        List<String> secrets = new ArrayList<>(List.of(KEYSTORE, DATABASE, WEBHOOK));
        for (String user : List.of(TestCredentials.ADMIN, TestCredentials.SECURITY_OFFICER, TestCredentials.AUDITOR,
                TestCredentials.POLICE_APPROVER, TestCredentials.CIVIL_AFFAIRS_ADMIN)) {
            secrets.add(TestCredentials.password(user));
        }
        for (int i = 0; environment.containsProperty("hub.security.users[" + i + "].password-hash"); i++) {
            String hash = environment.getProperty("hub.security.users[" + i + "].password-hash");
            secrets.add(hash.substring(hash.indexOf('}') + 1));
        }
        callers.values().stream().filter(header -> header.startsWith("Bearer "))
                .forEach(header -> secrets.add(header.substring("Bearer ".length())));
        assertThat(secrets).hasSizeGreaterThan(12);
        return secrets;
    }
}
