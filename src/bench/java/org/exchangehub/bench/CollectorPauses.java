package org.exchangehub.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The collectors' pauses while it is open: each young (and mixed or full) collection's duration, as the JVM reports
 * it when the collection ends. A latency's tail on two cores is often one of these — every request in flight waits
 * for the pause — so the benchmark reports the longest and their count beside the percentiles. G1's concurrent
 * cycle ({@code G1 Concurrent GC}) runs beside the application and is not counted.
 */
final class CollectorPauses implements NotificationListener, AutoCloseable {

    private final List<Double> pauses = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    CollectorPauses() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter && !collector.getName().contains("Concurrent")) {
                emitter.addNotificationListener(this, null, null);
                emitters.add(emitter);
            }
        }
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            synchronized (pauses) {
                pauses.add((double) info.getGcInfo().getDuration());
            }
        }
    }

    /**
     * Puts {@code <prefix>_gc_pauses}, {@code <prefix>_gc_pause_median_ms} and {@code <prefix>_gc_pause_max_ms} into
     * {@code summary} (0 ms without any pause); returns them in words.
     */
    String into(Map<String, Object> summary, String prefix) {
        List<Double> seen;
        synchronized (pauses) {
            seen = List.copyOf(pauses);
        }
        double median = seen.isEmpty() ? 0 : BenchmarkSuite.round2(BenchmarkSuite.median(seen));
        double longest = BenchmarkSuite.round2(seen.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        summary.put(prefix + "_gc_pauses", seen.size());
        summary.put(prefix + "_gc_pause_median_ms", median);
        summary.put(prefix + "_gc_pause_max_ms", longest);
        return "%d collector pauses, median %s ms, longest %s ms".formatted(seen.size(), median, longest);
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(this);
            } catch (ListenerNotFoundException e) {
                // not registered: nothing to remove
            }
        }
    }
}
