package org.exchangehub.ingest;

import java.util.Map;

import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.protect.FieldView;

/** Canonical JSON of fictional records and subscriptions pointing at a test subscriber. */
final class PipelineFixtures {

    private PipelineFixtures() {
    }

    static String deathCertificate(String certificateNo, String idNumber) {
        return """
                {"sourceDepartment": "health", "sourceKey": "%1$s", "occurredAt": "2026-11-06T03:30:00+08:00",
                 "certificateNo": "%1$s", "hospitalName": "某市第一人民医院", "hospitalUscc": "91350100M000100Y43",
                 "deceasedName": "陈𠇔", "deceasedIdNumber": "%2$s", "sex": "2", "birthDate": "1939-06-15",
                 "address": "杭州市某区某街道8号", "divisionCode": "330105", "deathTime": "2026-11-06T03:30:00+08:00",
                 "causeDirect": "急性心肌梗死", "causeUnderlying": "冠状动脉粥样硬化性心脏病", "icd10": "I21.9"}"""
                .formatted(certificateNo, idNumber);
    }

    static String workOrder(String number, String content, String assignedTo) {
        return """
                {"sourceDepartment": "hotline", "sourceKey": "%1$s", "occurredAt": "2026-11-20T09:12:00+08:00",
                 "workOrderNo": "%1$s", "channel": "HOTLINE", "requestType": "求助", "content": "%2$s",
                 "address": "杭州市某区某街道6号", "divisionCode": "330102", "callerName": "王秀英",
                 "callerPhone": "+86 137 3024 6633", "assignedDepartment": "%3$s", "dueAt": "2026-11-22T18:00:00+08:00"}"""
                .formatted(number, content, assignedTo);
    }

    static Subscription webhook(String id, String subscriber, String recordType, String url,
            Map<String, FieldView> views, SubscriptionFilter filter) {
        return new Subscription(id, subscriber, recordType, "测试用途 (test purpose)", "《测试条例》第一条", filter, views,
                new DeliveryChannel(DeliveryChannel.Type.WEBHOOK, url, DeliveryChannel.Format.JSON, "test-secret-" + id));
    }
}
