package org.exchangehub.protect.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import org.exchangehub.protect.CryptoSuite;
import org.exchangehub.protect.KeyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The master keys (KEKs) in a password-protected BCFKS keystore. Created with one KEK on first start. Aliases
 * are {@code kek-<suite>-<nnnn>}; the highest number is the current KEK, older ones stay until retired so that
 * data keys wrapped under them can still be opened. BCFKS does not recognise SM4 secret keys, so every KEK is
 * stored as a secret-key entry labelled AES of the suite's key length; the alias names the suite.
 */
@Component
public class MasterKeys {

    /** Used when {@code hub.protect.keystore-password} is empty, and only with profile demo or test. */
    static final String DEVELOPMENT_PASSWORD = "exchange-hub-development-only";
    private static final Set<String> DEVELOPMENT_PROFILES = Set.of("demo", "test");
    private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);

    private final Path file;
    private final char[] password;
    private final CryptoSuite suite;
    private final ApplicationEventPublisher events;
    private KeyStore keyStore;
    /**
     * Master keys read once: BCFKS derives each entry's key from the password (PBKDF2) on every read, which cost a
     * new data key tens of milliseconds of CPU; the password itself stays in memory anyway.
     */
    private final Map<String, byte[]> opened = new HashMap<>();

    MasterKeys(ProtectProperties properties, Environment environment, ApplicationEventPublisher events) {
        this.file = properties.keystore();
        this.password = password(properties.keystorePassword(), environment);
        this.suite = CryptoSuite.of(properties.suite());
        this.events = events;
        this.keyStore = openOrCreate();
    }

    private static char[] password(String configured, Environment environment) {
        boolean development = Arrays.stream(environment.getActiveProfiles()).anyMatch(DEVELOPMENT_PROFILES::contains);
        boolean unset = configured == null || configured.isEmpty();
        if (!development && (unset || configured.equals(DEVELOPMENT_PASSWORD))) {
            throw new IllegalStateException("hub.protect.keystore-password: set a keystore password (environment"
                    + " variable HUB_PROTECT_KEYSTORE_PASSWORD); the built-in development password is only accepted"
                    + " with profile demo or test");
        }
        return (unset ? DEVELOPMENT_PASSWORD : configured).toCharArray();
    }

    /** Alias of the current master key. */
    public synchronized String currentId() {
        return aliases().get(aliases().size() - 1);
    }

    /** Every master key alias, oldest first. */
    public synchronized List<String> aliases() {
        try {
            List<String> aliases = Collections.list(keyStore.aliases()).stream().filter(a -> a.startsWith("kek-"))
                    .sorted((a, b) -> Integer.compare(number(a), number(b))).toList();
            return aliases;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keystore " + file + " cannot be read", e);
        }
    }

    /** The suite a master key belongs to. */
    public static CryptoSuite suiteOf(String alias) {
        return CryptoSuite.of(alias.split("-")[1].toUpperCase());
    }

    /** The key bytes of a master key. */
    public synchronized byte[] key(String alias) {
        byte[] key = opened.get(alias);
        if (key == null) {
            key = read(alias);
            opened.put(alias, key);
        }
        return key.clone();
    }

    private byte[] read(String alias) {
        try {
            var key = keyStore.getKey(alias, password);
            if (key == null) {
                throw new IllegalStateException("master key " + alias + " is not in " + file + " (retired?)");
            }
            return key.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("master key " + alias + " cannot be read from " + file, e);
        }
    }

    /** Adds a new master key of the configured suite and makes it current; returns its alias. */
    public synchronized String addKey() {
        int next = aliases().stream().mapToInt(MasterKeys::number).max().orElse(0) + 1;
        String alias = "kek-%s-%04d".formatted(suite.name().toLowerCase(), next);
        byte[] key = BouncyCastle.randomBytes(suite.keyLength());
        try {
            keyStore.setEntry(alias, new KeyStore.SecretKeyEntry(new SecretKeySpec(key, "AES")),
                    new KeyStore.PasswordProtection(password));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot add a master key to " + file, e);
        }
        save();
        // kept as written, so that its first use does not derive the entry's key from the password again
        opened.put(alias, key);
        events.publishEvent(new KeyEvent("KEY_CREATED", alias, "MASTER", suite.name(), "master key", Instant.now()));
        return alias;
    }

    /** The private key and certificate stored under an alias, if any. */
    public synchronized Optional<KeyStore.PrivateKeyEntry> privateKeyEntry(String alias) {
        try {
            return keyStore.containsAlias(alias) ? Optional.of((KeyStore.PrivateKeyEntry) keyStore.getEntry(alias,
                    new KeyStore.PasswordProtection(password))) : Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key " + alias + " cannot be read from " + file, e);
        }
    }

    /** Stores a key pair with its certificate under an alias. */
    public synchronized void addPrivateKey(String alias, PrivateKey key,
            X509Certificate certificate) {
        try {
            keyStore.setKeyEntry(alias, key, password, new Certificate[] { certificate });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot add " + alias + " to " + file, e);
        }
        save();
    }

    /** Removes a master key from the keystore. */
    public synchronized void remove(String alias) {
        try {
            keyStore.deleteEntry(alias);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot remove " + alias + " from " + file, e);
        }
        save();
        byte[] forgotten = opened.remove(alias);
        if (forgotten != null) {
            Arrays.fill(forgotten, (byte) 0);
        }
    }

    private KeyStore openOrCreate() {
        try {
            KeyStore store = KeyStore.getInstance("BCFKS", BouncyCastle.PROVIDER);
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, password);
                } catch (IOException e) {
                    throw new IllegalStateException("hub.protect.keystore-password does not open " + file
                            + " (wrong password or damaged keystore): " + e.getMessage());
                }
                return store;
            }
            store.load(null, null);
            this.keyStore = store;
            log.info("Creating master keystore {}", file);
            addKey();
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("hub.protect.keystore: cannot open or create " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "keystore", ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                keyStore.store(out, password);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write keystore " + file + ": " + e.getMessage(), e);
        }
    }

    private static int number(String alias) {
        return Integer.parseInt(alias.substring(alias.lastIndexOf('-') + 1));
    }
}
