package org.exchangehub.demo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

/**
 * Starts the simulated department systems once the hub is ready (profile {@code demo}) and lets each produce
 * data every {@code hub.demo.every}: police incidents, petition exports, 12345 work orders, and status updates
 * for work orders that reached a department. Civil affairs files one sharing request to police at start (scenario 3),
 * left for police's approver. Logs what the subscribers received, counts only.
 */
@Component
@Profile("demo")
class DemoDepartments {

    private static final Logger log = LoggerFactory.getLogger(DemoDepartments.class);

    private final DemoProperties properties;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final PoliceSimulator police;
    private final HealthSimulator health;
    private final FictionalPeople people;
    private final CivilAffairsSimulator civilAffairs;
    private final SubscriberSimulator subscribers;

    DemoDepartments(DemoProperties properties) {
        this.properties = properties;
        this.people = new FictionalPeople(properties.seed());
        try {
            // before Camel starts the civil-affairs adapter, which reads these tables
            this.civilAffairs = new CivilAffairsSimulator(properties.civilAffairsJdbcUrl(), people);
        } catch (Exception e) {
            throw new IllegalStateException("hub.demo.civil-affairs-jdbc-url: cannot set up the demo database", e);
        }
        // the department systems are up before Camel starts the adapters that poll them, as they would be in a city
        SimulatorState state = new SimulatorState(properties.stateFile());
        police = new PoliceSimulator(properties.policePort(), people, state);
        health = new HealthSimulator(properties.healthPort(), people, state);
        subscribers = new SubscriberSimulator(properties.subscriberPort());
        police.start();
        health.start();
        subscribers.start();
    }

    @EventListener
    void start(ApplicationReadyEvent ready) {
        int hubPort = ((WebServerApplicationContext) ready.getApplicationContext()).getWebServer().getPort();
        PetitionSimulator petition = new PetitionSimulator(properties.petitionInbox(), people);
        String hubUrl = "http://localhost:" + hubPort;
        PushApiClient pushApi;
        try {
            pushApi = new PushApiClient(hubUrl, people, PushApiClient.issueKeys(hubUrl, properties.adminCredentials(),
                    List.of("hotline", "grid", "civil-affairs")));
        } catch (Exception e) {
            log.warn("Demo push clients have no API keys ({}); pushed records will be refused", e.getMessage());
            pushApi = new PushApiClient(hubUrl, people, Map.of());
        }
        PushApiClient push = pushApi;
        run("civil-affairs", () -> {
            // a register of residents living alone: some the other departments hear of, some nobody does
            for (int i = 0; i < 3; i++) {
                push.registerResident(people.elderlyLivingAlone(), true);
                push.registerResident(people.next(), true);
            }
        });
        run("civil-affairs", () -> {
            String id = push.requestVerificationData("http://localhost:" + properties.subscriberPort());
            log.info(id == null ? "Demo: civil affairs' sharing request to police was refused"
                    : "Demo: civil affairs requested police incident data ({}, scenario 3): approve it as police-approver"
                            + " at /console/requests/{}", id, id);
        });
        long every = properties.every().toMillis();
        scheduler.scheduleWithFixedDelay(() -> run("police", () -> police.newIncidents(1 + people.nextInt(3))),
                1000, every, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> run("petition", () -> petition.export(3)), 2000, every * 2,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> run("health", health::newDeath), 4000, every * 3, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> run("health", health::newVaccination), 1500, every, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> run("civil-affairs", civilAffairs::newAllowance), 2500, every,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> run("hotline", push::newWorkOrder), 3000, every,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> run("departments", () -> {
            for (SubscriberSimulator.ReceivedOrder order : subscribers.newWorkOrders()) {
                push.statusUpdate(order.department(), order.workOrderNo());
            }
            log.info("Demo subscribers received so far: {}", subscribers.receivedPerDepartment());
        }), 5000, every, TimeUnit.MILLISECONDS);
        log.info("Demo departments started: police API on port {}, health API on port {}, subscribers on port {},"
                + " petition inbox {}, civil-affairs database {}", properties.policePort(), properties.healthPort(),
                properties.subscriberPort(), properties.petitionInbox(), properties.civilAffairsJdbcUrl());
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
        police.stop();
        health.stop();
        civilAffairs.stop();
        subscribers.stop();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(String simulator, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            log.warn("Demo {} simulator: {}", simulator, e.getClass().getSimpleName());
        }
    }
}
