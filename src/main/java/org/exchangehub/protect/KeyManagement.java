package org.exchangehub.protect;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.exchangehub.protect.internal.DataKeys;
import org.exchangehub.protect.internal.MasterKeys;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Master key rotation and retirement, for the security officer. Rotation adds a master key and rewraps every
 * data key under it in one transaction, without touching any record; the previous master key stays in the
 * keystore, able to open what it wrapped, until it is explicitly retired. Every step publishes a
 * {@link KeyEvent}.
 */
@Service
public class KeyManagement {

    /** A master key and whether it is in use. */
    public record MasterKeyInfo(String id, String suite, boolean current, boolean wrapsDataKeys) {
    }

    private final MasterKeys masterKeys;
    private final DataKeys dataKeys;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    KeyManagement(MasterKeys masterKeys, DataKeys dataKeys, ApplicationEventPublisher events, Clock clock) {
        this.masterKeys = masterKeys;
        this.dataKeys = dataKeys;
        this.events = events;
        this.clock = clock;
    }

    /** The master keys, oldest first. */
    public List<MasterKeyInfo> masterKeys() {
        List<String> wrapping = dataKeys.wrappingMasterKeys();
        String current = masterKeys.currentId();
        return masterKeys.aliases().stream().map(id -> new MasterKeyInfo(id, MasterKeys.suiteOf(id).name(),
                id.equals(current), wrapping.contains(id))).toList();
    }

    /** Metadata of every data key (ids, purpose, record type, category, period, wrapping master key), no material. */
    public List<DataKeyInfo> dataKeys() {
        return dataKeys.metadata();
    }

    /**
     * Rotates the data keys: new field keys for new data from now on, in a new generation of the current period;
     * records keep decrypting with the keys they were encrypted with. Returns the new keys' ids.
     */
    @Transactional
    public List<String> rotateDataKeys(String actor) {
        List<String> created = dataKeys.rotateFieldKeys();
        events.publishEvent(new KeyEvent("KEY_ROTATED", String.join(",", created), "DATA", MasterKeys.suiteOf(
                masterKeys.currentId()).name(), created.size() + " field keys replaced for new data", Instant.now(clock),
                actor));
        return created;
    }

    /** Adds a master key and rewraps every data key under it; returns the new key's id. */
    @Transactional
    public String rotateMasterKey() {
        return rotateMasterKey("hub");
    }

    /** Adds a master key and rewraps every data key under it, for a security officer; returns the new key's id. */
    @Transactional
    public String rotateMasterKey(String actor) {
        String previous = masterKeys.currentId();
        String next = masterKeys.addKey();
        int rewrapped = dataKeys.rewrapAll(next);
        events.publishEvent(new KeyEvent("KEY_ROTATED", next, "MASTER", MasterKeys.suiteOf(next).name(),
                "replaces " + previous + "; " + rewrapped + " data keys rewrapped", Instant.now(clock), actor));
        return next;
    }

    /**
     * Removes a master key that no longer wraps any data key.
     *
     * @throws IllegalStateException for the current master key or one still in use
     */
    public void retireMasterKey(String id) {
        retireMasterKey(id, "hub");
    }

    /** Removes a master key that no longer wraps any data key, for a security officer. */
    public void retireMasterKey(String id, String actor) {
        if (!masterKeys.aliases().contains(id)) {
            throw new IllegalArgumentException("no master key " + id);
        }
        if (id.equals(masterKeys.currentId()) || dataKeys.wrappingMasterKeys().contains(id)) {
            throw new IllegalStateException("master key " + id + " is still in use; rotate first");
        }
        masterKeys.remove(id);
        events.publishEvent(new KeyEvent("KEY_RETIRED", id, "MASTER", MasterKeys.suiteOf(id).name(), "master key",
                Instant.now(clock), actor));
    }
}
