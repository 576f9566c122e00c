package org.exchangehub;

import java.util.Comparator;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.exchangehub.exchange.internal.GroupCommit;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Pauses a cached hub between the test classes that use it: Spring keeps up to 32 contexts open, and each hub left
 * running polls its outbox every 50 ms, runs its scheduled tasks and its Camel consumers — measured at 5 % of a core
 * per idle hub on this project's 2-core machines, more than a core with the suite's two dozen contexts. After a class
 * its hub's own pollers ({@link SmartLifecycle} beans of the hub but the group commit), its Camel routes and its
 * task scheduler are paused; before the next class that uses it they are resumed. The web server and the database
 * stay up, so nothing a later class sees changes but the time. A hub that no class of the run needs any more
 * ({@link HubLocks#lastClassOfItsHub(Class)}) is closed instead: no threads, no heap for the collector to walk.
 */
public class IdleContexts implements TestExecutionListener, Ordered {

    @Override
    public int getOrder() {
        return 1500; // before dependency injection (2000): a class finds its hub running
    }

    @Override
    public void beforeTestClass(TestContext testContext) {
        if (testContext.hasApplicationContext()) {
            resume(testContext.getApplicationContext());
        }
    }

    @Override
    public void afterTestClass(TestContext testContext) {
        if (HubLocks.lastClassOfItsHub(testContext.getTestClass())) {
            testContext.markApplicationContextDirty(null); // no class of the run needs it again: closed
        } else if (testContext.hasApplicationContext()) {
            pause(testContext.getApplicationContext());
        }
    }

    static void pause(ApplicationContext context) {
        pollers(context).stream().sorted(Comparator.comparingInt(SmartLifecycle::getPhase).reversed())
                .filter(SmartLifecycle::isRunning).forEach(SmartLifecycle::stop);
        context.getBeanProvider(CamelContext.class).ifAvailable(camel -> {
            if (camel.getStatus() == ServiceStatus.Started) {
                camel.suspend();
            }
        });
        context.getBeanProvider(ThreadPoolTaskScheduler.class).forEach(ThreadPoolTaskScheduler::stop);
    }

    static void resume(ApplicationContext context) {
        context.getBeanProvider(ThreadPoolTaskScheduler.class).forEach(ThreadPoolTaskScheduler::start);
        context.getBeanProvider(CamelContext.class).ifAvailable(camel -> {
            if (camel.getStatus() == ServiceStatus.Suspended) {
                camel.resume();
            }
        });
        pollers(context).stream().sorted(Comparator.comparingInt(SmartLifecycle::getPhase))
                .filter(lifecycle -> !lifecycle.isRunning() && lifecycle.isAutoStartup())
                .forEach(SmartLifecycle::start);
    }

    /** The hub's own lifecycle beans that work on their own; the group commit only works for callers. */
    private static List<SmartLifecycle> pollers(ApplicationContext context) {
        return context.getBeansOfType(SmartLifecycle.class, false, false).values().stream()
                .filter(bean -> bean.getClass().getName().startsWith("org.exchangehub."))
                .filter(bean -> !(bean instanceof GroupCommit)).toList();
    }
}
