package org.exchangehub.verification;

import org.exchangehub.HubHttp;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the tests of the request-and-answer services share: calls over HTTP to the running hub with a department's
 * key, and the database to look at what was recorded.
 */
abstract class ServiceCallTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    JdbcClient jdbc;

    HubHttp http() {
        return new HubHttp(port);
    }

    /** A bearer key of the department, as its system presents it. */
    String key(String department) {
        return TestCredentials.bearer(keys, department);
    }
}
