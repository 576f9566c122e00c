package org.exchangehub.protect.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.exchangehub.protect.CryptoSuite;
import org.exchangehub.protect.KeyEvent;
import org.exchangehub.schema.PiiCategory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Data keys: one per (record type, PII category, period) for field encryption and one per PII category for
 * blind indexes, generated on first use, stored wrapped by the current master key and cached unwrapped in
 * memory only. A new key is committed in its own transaction before it encrypts anything, so a key that
 * protects data always exists in the database.
 */
@Component
public class DataKeys {

    /** A usable data key. */
    public record DataKey(String id, CryptoSuite suite, byte[] key) {
    }

    private static final String INDEX = "INDEX";
    private static final String FIELD = "FIELD";
    private static final String ANY = "*";

    private final DataKeyStore store;
    private final MasterKeys masterKeys;
    private final CryptoSuite suite;
    private final ProtectProperties.DekPeriod period;
    private final TransactionTemplate newTransaction;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Map<String, DataKey> byId = new ConcurrentHashMap<>();
    private final Map<String, DataKey> bySlot = new ConcurrentHashMap<>();
    private final Map<String, String> generations = new ConcurrentHashMap<>();

    DataKeys(DataKeyStore store, MasterKeys masterKeys, ProtectProperties properties,
            PlatformTransactionManager transactions, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.masterKeys = masterKeys;
        this.suite = CryptoSuite.of(properties.suite());
        this.period = properties.dekPeriod();
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.events = events;
        this.clock = clock;
    }

    /** The key that encrypts new values of a record type and category now. */
    public DataKey forEncryption(String recordType, PiiCategory category) {
        return slot(FIELD, recordType, category.name(), currentLabel(period.label(clock.instant())));
    }

    /**
     * Starts a new generation of field keys for the current period ({@code <period>~<n>}): every field key of the
     * current generation gets a successor, used for new data from now on; older keys still decrypt what they
     * encrypted. Runs in the caller's transaction; returns the keys created.
     */
    public List<String> rotateFieldKeys() {
        String base = period.label(clock.instant());
        String current = currentLabel(base);
        int next = current.contains("~") ? Integer.parseInt(current.substring(current.indexOf('~') + 1)) + 1 : 2;
        String label = base + "~" + next;
        List<String> created = new ArrayList<>();
        for (DataKeyStore.Row row : store.fieldKeys(current, suite.name())) {
            created.add(slot(FIELD, row.recordType(), row.category(), label).id());
        }
        generations.put(base, label);
        return created;
    }

    /** Metadata of every data key, never key material. */
    public List<org.exchangehub.protect.DataKeyInfo> metadata() {
        return store.metadata();
    }

    private String currentLabel(String base) {
        return generations.computeIfAbsent(base, b -> store.fieldLabels(b, suite.name()).stream()
                .max(Comparator.comparingInt(l -> l.contains("~") ? Integer.parseInt(l.substring(l.indexOf('~') + 1)) : 1))
                .orElse(b));
    }

    /** The blind-index key of a category. */
    public DataKey forIndex(PiiCategory category) {
        return slot(INDEX, ANY, category.name(), ANY);
    }

    /** The key of content fingerprints (idempotency), one per suite. */
    public DataKey forFingerprint() {
        return slot(INDEX, ANY, "CONTENT", ANY);
    }

    /** The key that encrypts opaque payloads of a kind (e.g. quarantined input) now. */
    public DataKey forPayload(String kind) {
        return slot(FIELD, kind, "PAYLOAD", currentLabel(period.label(clock.instant())));
    }

    /** A key by id, for decryption; empty when no such key exists. */
    public Optional<DataKey> byId(String id) {
        DataKey cached = byId.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        return store.find(id).map(this::unwrapAndCache);
    }

    /** Ids of the master keys that still wrap data keys. */
    public List<String> wrappingMasterKeys() {
        return store.kekIds();
    }

    /** Rewraps every data key under a master key, in the caller's transaction; returns how many. */
    public int rewrapAll(String newKekId) {
        byte[] kek = masterKeys.key(newKekId);
        CryptoSuite kekSuite = MasterKeys.suiteOf(newKekId);
        int count = 0;
        for (DataKeyStore.Row row : store.all()) {
            DataKey key = byId(row.id()).orElseThrow();
            store.rewrap(row.id(), newKekId, wrap(kekSuite, kek, row.id(), key.key()));
            count++;
        }
        return count;
    }

    private DataKey slot(String purpose, String recordType, String category, String periodLabel) {
        String slot = String.join("|", purpose, recordType, category, periodLabel, suite.name());
        DataKey cached = bySlot.get(slot);
        if (cached != null) {
            return cached;
        }
        DataKey key = store.findSlot(purpose, recordType, category, periodLabel, suite.name())
                .map(this::unwrapAndCache)
                .orElseGet(() -> create(purpose, recordType, category, periodLabel));
        bySlot.put(slot, key);
        return key;
    }

    private DataKey create(String purpose, String recordType, String category, String periodLabel) {
        String id = "d" + HexFormat.of().formatHex(BouncyCastle.randomBytes(8));
        byte[] key = BouncyCastle.randomBytes(suite.keyLength());
        String kekId = masterKeys.currentId();
        String wrapped = wrap(MasterKeys.suiteOf(kekId), masterKeys.key(kekId), id, key);
        try {
            // the key and its KEY_CREATED event (appended to the audit log by a listener) commit together
            newTransaction.executeWithoutResult(status -> {
                store.insert(new DataKeyStore.Row(id, purpose, recordType, category, periodLabel, suite.name(), kekId,
                        wrapped));
                events.publishEvent(new KeyEvent("KEY_CREATED", id, INDEX.equals(purpose) ? "INDEX" : "DATA",
                        suite.name(), recordType + "/" + category + "/" + periodLabel, Instant.now(clock)));
            });
        } catch (DuplicateKeyException createdElsewhere) {
            return store.findSlot(purpose, recordType, category, periodLabel, suite.name())
                    .map(this::unwrapAndCache).orElseThrow();
        }
        DataKey created = new DataKey(id, suite, key);
        byId.put(id, created);
        return created;
    }

    private DataKey unwrapAndCache(DataKeyStore.Row row) {
        return byId.computeIfAbsent(row.id(), id -> {
            byte[] sealed = Base64.getDecoder().decode(row.wrappedKey());
            ByteBuffer buffer = ByteBuffer.wrap(sealed);
            byte[] nonce = new byte[CryptoSuite.NONCE_LENGTH];
            buffer.get(nonce);
            byte[] body = Arrays.copyOfRange(sealed, nonce.length, sealed.length);
            try {
                byte[] key = MasterKeys.suiteOf(row.kekId()).decrypt(masterKeys.key(row.kekId()), nonce,
                        id.getBytes(StandardCharsets.US_ASCII), body);
                return new DataKey(id, CryptoSuite.of(row.suite()), key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("data key " + id + " does not unwrap under master key " + row.kekId()
                        + ": the keystore does not match the database");
            }
        });
    }

    private static String wrap(CryptoSuite kekSuite, byte[] kek, String id, byte[] key) {
        byte[] nonce = BouncyCastle.randomBytes(CryptoSuite.NONCE_LENGTH);
        byte[] body = kekSuite.encrypt(kek, nonce, id.getBytes(StandardCharsets.US_ASCII), key);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + body.length).put(nonce).put(body)
                .array());
    }
}
