package org.exchangehub;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.parallel.ResourceLocksProvider;
import org.springframework.test.context.BootstrapUtils;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Test classes run two at a time (src/test/resources/junit-platform.properties), but never two classes on one hub:
 * classes sharing a cached hub see each other's records, subscriptions and audit events, and {@link IdleContexts}
 * pauses a hub when a class that used it ends. Each {@link HubTest} class holds the lock of its hub, named after its
 * Spring context configuration — the key of Spring's context cache, so two classes hold the same lock exactly when
 * they share a hub.
 *
 * <p>JUnit asks for every class's locks before the first class runs, so this also knows how many classes of the run
 * use each hub: {@link #lastClassOfItsHub(Class)} tells {@link IdleContexts} when a hub can be closed.
 */
public class HubLocks implements ResourceLocksProvider {

    private static final Map<MergedContextConfiguration, String> NAMES = new ConcurrentHashMap<>();
    private static final Map<MergedContextConfiguration, AtomicInteger> CLASSES_LEFT = new ConcurrentHashMap<>();
    private static final Map<Class<?>, MergedContextConfiguration> HUB_OF = new ConcurrentHashMap<>();

    @Override
    public Set<Lock> provideForClass(Class<?> testClass) {
        MergedContextConfiguration hub = hubOf(testClass);
        if (HUB_OF.putIfAbsent(testClass, hub) == null) {
            CLASSES_LEFT.computeIfAbsent(hub, configuration -> new AtomicInteger()).incrementAndGet();
        }
        return Set.of(new Lock(NAMES.computeIfAbsent(hub, configuration -> "hub-" + (NAMES.size() + 1))));
    }

    /**
     * Called once a class has run: whether it was the last class of the run on its hub. False for classes this
     * provider was not asked about (a class run on its own through an IDE counts as the last of its hub, too).
     */
    static boolean lastClassOfItsHub(Class<?> testClass) {
        MergedContextConfiguration hub = HUB_OF.get(testClass);
        return hub != null && CLASSES_LEFT.get(hub).decrementAndGet() == 0;
    }

    private static MergedContextConfiguration hubOf(Class<?> testClass) {
        return BootstrapUtils.resolveTestContextBootstrapper(testClass).buildMergedContextConfiguration();
    }
}
