package org.exchangehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Routes are read from {@code routes/*.camel.yaml} in the working directory. */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:hub-${random.uuid};DB_CLOSE_DELAY=-1",
        "camel.main.routes-include-pattern=file:routes/*.camel.yaml", "hub.data-dir=target/test-data" })
@ActiveProfiles("test")
class HubStatusRouteTests {

    @Autowired
    CamelContext camel;

    @Test
    void statusRouteIsLoadedFromTheRoutesDirectoryAndRuns() {
        assertThat(camel.getRoute("hub-status")).isNotNull();
        assertThat(camel.getRoute("hub-status").getSourceLocation()).contains("routes/hub-status.camel.yaml");

        NotifyBuilder ran = new NotifyBuilder(camel).fromRoute("hub-status").whenCompleted(1).create();

        assertThat(ran.matches(15, TimeUnit.SECONDS)).isTrue();
    }
}
