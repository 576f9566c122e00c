package org.exchangehub.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.exchangehub.cluster.Leadership;
import org.exchangehub.exchange.internal.CareProperties;
import org.exchangehub.exchange.internal.CareStore;
import org.exchangehub.exchange.internal.PeriodicTask;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.RecordIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

import jakarta.annotation.PreDestroy;

/**
 * 一网统防: watches elderly residents registered as living alone ({@code person} records with
 * {@code livesAlone}, at least {@code hub.care.minimum-age} years old by their ID number). When no record of any
 * department about a resident (matched by blind index) arrived for {@code hub.care.inactivity}, the hub raises a
 * {@code work-order} (channel SYSTEM, source department {@code hub}) for a visit by the resident's grid worker —
 * at most one a day per resident. The work order flows like any other: through the journal to the subscriptions
 * of the assigned department.
 */
@Service
public class CareWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CareWatch.class);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String ID_FIELD = "idNumber";

    private final CareStore queries;
    private final Journal journal;
    private final RecordProtection protection;
    private final CanonicalSchemas schemas;
    private final CareProperties properties;
    private final Clock clock;
    private final PeriodicTask checks;

    CareWatch(CareStore queries, Journal journal, RecordProtection protection,
            CanonicalSchemas schemas, CareProperties properties, Clock clock, Leadership leadership) {
        this.queries = queries;
        this.journal = journal;
        this.protection = protection;
        this.schemas = schemas;
        this.properties = properties;
        this.clock = clock;
        // once per cluster: on the leader
        this.checks = new PeriodicTask("care-watch", properties.checkEvery(), () -> {
            if (leadership.isLeader()) {
                check();
            }
        });
    }

    /** Checks every watched resident now; returns how many visits were ordered. */
    public int check() {
        int ordered = 0;
        Instant now = clock.instant();
        for (String recordId : queries.latestPersonRecords()) {
            Journal.JournaledRecord stored = journal.read(recordId).orElseThrow();
            GenericRecord person = stored.record();
            String index = journal.blindIndexes(recordId).get(ID_FIELD);
            if (!Boolean.TRUE.equals(person.get("livesAlone")) || index == null) {
                continue;
            }
            GenericRecord clear = protection.reveal(person, stored.subject());
            if (age(clear, now) < properties.minimumAge()) {
                continue;
            }
            Instant lastSeen = queries.lastActivity(index).orElse(Instant.ofEpochMilli((Long) person.get("ingestedAt")));
            String key = "CARE-" + stored.sourceKey() + "-" + DateTimeFormatter.BASIC_ISO_DATE.format(now.atZone(ZONE));
            if (lastSeen.plus(properties.inactivity()).isBefore(now) && !queries.raised(key)) {
                journal.accept(visit(clear, key, lastSeen, now), "work-order");
                ordered++;
            }
        }
        if (ordered > 0) {
            log.info("Care watch ordered {} visits to residents living alone without recent activity", ordered);
        }
        return ordered;
    }

    private GenericRecord visit(GenericRecord person, String key, Instant lastSeen, Instant now) {
        GenericRecord order = new GenericData.Record(schemas.forRecordType("work-order").orElseThrow().schema());
        long days = Duration.between(lastSeen, now).toDays();
        order.put("recordId", RecordIds.next(now));
        order.put("sourceDepartment", "hub");
        order.put("sourceKey", key);
        order.put("occurredAt", now.toEpochMilli());
        order.put("ingestedAt", now.toEpochMilli());
        order.put("workOrderNo", key);
        order.put("channel", new GenericData.EnumSymbol(order.getSchema().getField("channel").schema(), "SYSTEM"));
        order.put("requestType", "探访");
        order.put("content", "独居老人已" + days + "天无任何部门记录，请网格员上门探访");
        order.put("address", person.get("address"));
        order.put("divisionCode", person.get("divisionCode"));
        order.put("callerName", person.get("name"));
        order.put("callerPhone", person.get("phone"));
        order.put("assignedDepartment", properties.department());
        order.put("dueAt", now.plus(Duration.ofDays(1)).toEpochMilli());
        return order;
    }

    private static int age(GenericRecord person, Instant now) {
        Object id = person.get(ID_FIELD);
        if (id == null || id.toString().length() != 18) {
            return 0;
        }
        String text = id.toString();
        LocalDate birth = LocalDate.of(Integer.parseInt(text.substring(6, 10)), Integer.parseInt(text.substring(10, 12)),
                Integer.parseInt(text.substring(12, 14)));
        return Period.between(birth, now.atZone(ZONE).toLocalDate()).getYears();
    }

    @Override
    public void start() {
        if (properties.enabled()) {
            checks.start();
        }
    }

    @Override
    public void stop() {
        checks.stop();
    }

    /** Stops the checks also when the context is destroyed without a lifecycle stop (a refresh that failed). */
    @PreDestroy
    void destroy() {
        checks.stop();
    }

    @Override
    public boolean isRunning() {
        return checks.isRunning();
    }
}
