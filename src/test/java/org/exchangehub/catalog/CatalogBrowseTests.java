package org.exchangehub.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.exchangehub.HubHttp;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Everyone browses the catalog (metadata only); admins change it through the API, checked like the file. */
class CatalogBrowseTests extends SharingHub {

    @Test
    void everyDepartmentAndPersonBrowsesTheCatalogWithItsDataItemsAndTerms() {
        for (String caller : new String[] { key("health"), key("hotline"), CIVIL_ADMIN, POLICE_APPROVER, AUDITOR,
                ADMIN }) {
            HubHttp.Response catalog = http.get("/api/v1/catalog", caller);
            assertThat(catalog.status()).isEqualTo(200);
            assertThat(catalog.json().findValuesAsText("code")).contains("police-incident", "death-certificate",
                    "work-order");
        }
        JsonNode police = http.get("/api/v1/catalog/police-incident", key("civil-affairs")).json();
        assertThat(police.get("entry").get("sharing").asText()).isEqualTo("CONDITIONAL");
        assertThat(police.get("entry").get("nameZh").asText()).isEqualTo("接警记录");
        JsonNode summary = item(police, "summary");
        assertThat(summary.get("sharing").asText()).isEqualTo("NOT_SHARED");
        assertThat(summary.get("category").asText()).isEqualTo("FREE_TEXT");
        assertThat(item(police, "callerIdNumber").get("maxView").asText()).isEqualTo("BLIND_INDEX");
        assertThat(item(police, "incidentNo").get("alwaysDelivered").asBoolean()).isTrue();
        assertThat(http.get("/api/v1/catalog/nothing", key("health")).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/catalog", null).status()).isEqualTo(401);
    }

    @Test
    void adminsChangeTheCatalogNewRequestsFollowTheChangeAndBadEntriesAreRefusedNamingTheField() {
        String entry = """
                {"code": "person-register", "provider": "police", "recordType": "person", "nameZh": "人口基础信息",
                 "nameEn": "Resident register", "sharing": "NOT_SHARED", "updateCycle": "DAILY"}""";
        assertThat(http.post("/api/v1/admin/catalog", key("police"), entry).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/admin/catalog", POLICE_APPROVER, entry).status()).isEqualTo(403);
        HubHttp.Response created = http.post("/api/v1/admin/catalog", ADMIN, entry);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        HubHttp.Response notShared = submit(key("civil-affairs"), form("person-register", "{}", today().plusDays(9),
                "/x"));
        assertThat(notShared.status()).isEqualTo(400);
        assertThat(notShared.json().get("detail").asText()).contains("NOT_SHARED (不予共享): it cannot be requested");

        HubHttp.Response bad = http.put("/api/v1/admin/catalog/person-register", ADMIN, """
                {"code": "person-register", "provider": "police", "recordType": "person", "nameZh": "人口基础信息",
                 "nameEn": "Resident register", "sharing": "CONDITIONAL", "updateCycle": "DAILY",
                 "fields": {"idNumber": {"sharing": "UNCONDITIONAL"}, "divisionCode": {"maxView": "MASKED"}}}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asText())
                .contains("fields.idNumber.sharing: UNCONDITIONAL is more open than the resource's CONDITIONAL")
                .contains("fields.divisionCode: not a PII field");
        HubHttp.Response twice = http.post("/api/v1/admin/catalog", ADMIN, entry.replace("person-register",
                "person-register-2"));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("detail").asText()).contains("one entry per provider, record type and kind");

        HubHttp.Response noService = http.post("/api/v1/admin/catalog", ADMIN, entry.replace("person-register",
                "pension-status").replace("\"updateCycle\"", "\"kind\": \"VERIFICATION\", \"updateCycle\""));
        assertThat(noService.status()).isEqualTo(400);
        assertThat(noService.json().get("detail").asText()).contains("code: 'pension-status' is not a verification"
                + " service of the hub [allowance-status, death-status, identity-consistency]");
        HubHttp.Response wrongProvider = http.put("/api/v1/admin/catalog/identity-consistency", ADMIN, entry.replace(
                "person-register", "identity-consistency").replace("\"updateCycle\"", "\"kind\": \"VERIFICATION\", \"updateCycle\""));
        assertThat(wrongProvider.status()).isEqualTo(400);
        assertThat(wrongProvider.json().get("detail").asText()).contains("provider: identity-consistency is answered"
                + " from the records of civil-affairs, not of police");

        HubHttp.Response opened = http.put("/api/v1/admin/catalog/person-register", ADMIN, entry
                .replace("NOT_SHARED", "CONDITIONAL"));
        assertThat(opened.status()).isEqualTo(200);
        assertThat(opened.json().get("version").asInt()).isEqualTo(2);
        assertThat(submit(key("civil-affairs"), form("person-register", "{\"name\": \"MASKED\"}", today().plusDays(9),
                "/x")).status()).isEqualTo(201);
        assertThat(http.delete("/api/v1/admin/catalog/person-register", ADMIN).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/catalog/person-register", ADMIN).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'ADMIN_CHANGE' AND detail LIKE"
                + " 'catalog resource person-register%'").query(Integer.class).single()).isEqualTo(3);
    }

    private static JsonNode item(JsonNode listed, String name) {
        for (JsonNode item : listed.get("items")) {
            if (item.get("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no item " + name);
    }
}
