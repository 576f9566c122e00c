package org.exchangehub.audit.internal;

import java.util.ArrayList;
import java.util.List;

import org.exchangehub.audit.AuditAction;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.protect.KeyEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Audits key events. Keys are created while the hub starts, before the audit log itself exists, so events of
 * that phase wait here and are appended as soon as the context is ready; later ones are appended at once, in the
 * transaction that created, rotated or retired the key.
 */
@Component
class KeyAudit implements ApplicationListener<PayloadApplicationEvent<KeyEvent>> {

    private final ObjectProvider<AuditLog> log;
    private final List<KeyEvent> early = new ArrayList<>();
    private volatile boolean ready;

    KeyAudit(ObjectProvider<AuditLog> log) {
        this.log = log;
    }

    @Override
    public void onApplicationEvent(PayloadApplicationEvent<KeyEvent> event) {
        synchronized (early) {
            if (!ready) {
                early.add(event.getPayload());
                return;
            }
        }
        append(event.getPayload());
    }

    @EventListener
    void ready(ContextRefreshedEvent refreshed) {
        synchronized (early) {
            ready = true;
            early.forEach(this::append);
            early.clear();
        }
    }

    private void append(KeyEvent event) {
        log.getObject().append(AuditEntry.of(event.actor(), AuditAction.valueOf(event.action()), "OK",
                event.kind() + " key " + event.keyId() + " (" + event.suite() + "): " + event.detail()));
    }
}
