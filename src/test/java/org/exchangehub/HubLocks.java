package org.exchangehub;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.parallel.ResourceLocksProvider;
import org.springframework.test.context.BootstrapUtils;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Test classes run two at a time (src/test/resources/junit-platform.properties), but never two classes on one hub:
 * classes sharing a cached hub see each other's records, subscriptions and audit events, and {@link IdleContexts}
 * pauses a hub when a class that used it ends. Each {@link HubTest} class holds the lock of its hub, named after its
 * Spring context configuration — the key of Spring's context cache, so two classes hold the same lock exactly when
 * they share a hub.
 */
public class HubLocks implements ResourceLocksProvider {

    private static final Map<MergedContextConfiguration, String> NAMES = new ConcurrentHashMap<>();

    @Override
    public Set<Lock> provideForClass(Class<?> testClass) {
        MergedContextConfiguration hub = BootstrapUtils.resolveTestContextBootstrapper(testClass)
                .buildMergedContextConfiguration();
        return Set.of(new Lock(NAMES.computeIfAbsent(hub, configuration -> "hub-" + (NAMES.size() + 1))));
    }
}
