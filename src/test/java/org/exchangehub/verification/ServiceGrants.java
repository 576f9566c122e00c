package org.exchangehub.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.exchangehub.HubHttp;
import org.exchangehub.TestCredentials;

/** Grants of verification services the way departments get them: a sharing request approved by the provider. */
final class ServiceGrants {

    private ServiceGrants() {
    }

    /**
     * Requests {@code service} for {@code purpose} with the department's key and has {@code approver} approve it;
     * returns the request's id.
     */
    static String grant(HubHttp http, String departmentKey, String service, String purpose, String approver) {
        HubHttp.Response requested = http.post("/api/v1/sharing-requests", departmentKey, """
                {"resource": "%s", "purpose": "%s", "legalBasis": "《测试条例》第一条", "validUntil": "%s"}"""
                .formatted(service, purpose, LocalDate.now().plusDays(30)));
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        HubHttp.Response approved = http.post("/api/v1/sharing-requests/" + requested.json().get("id").asText()
                + "/approve", TestCredentials.basic(approver), "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("active").asBoolean()).isTrue();
        return requested.json().get("id").asText();
    }
}
