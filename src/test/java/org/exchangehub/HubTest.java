package org.exchangehub;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.ResourceLock;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * A test against the whole hub on a random port, with its own in-memory H2 database and runtime state under
 * {@code target/test-data}, under profile {@code test} (which accepts the development keystore password), with delivery retries
 * shortened to fractions of a second.
 * Properties given here win over {@code config/application.yaml}. Classes run beside each other, but never two on one
 * hub ({@link HubLocks}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:hub-${random.uuid};DB_CLOSE_DELAY=-1",
        "hub.data-dir=target/test-data",
        "hub.delivery.poll-interval=50ms", "hub.delivery.initial-backoff=100ms", "hub.delivery.max-backoff=400ms",
        "hub.delivery.max-attempts=4", "hub.delivery.breaker-open=300ms", "hub.delivery.timeout=3s" })
@ActiveProfiles("test")
@ResourceLock(providers = HubLocks.class)
public @interface HubTest {
}
