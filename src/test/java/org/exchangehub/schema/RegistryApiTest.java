package org.exchangehub.schema;

import org.exchangehub.HubTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Base of tests that call the running hub's registry API over HTTP. */
@HubTest
abstract class RegistryApiTest {

    @LocalServerPort
    int port;

    RegistryHttp http;

    @BeforeEach
    void connect() {
        http = new RegistryHttp("http://localhost:" + port + "/registry");
    }
}
