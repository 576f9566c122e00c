package org.exchangehub.admin.security;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The people's password check, with successful checks remembered for a while — as Elasticsearch's realms cache the
 * credentials they verified: a person's client sending HTTP Basic with every request pays the slow hash (bcrypt,
 * Argon2, …) once per {@code hub.security.credentials-cache} instead of on every request. Only matches are
 * remembered, under a keyed hash (HMAC-SHA-256 with a random key of this process) of the stored hash and the
 * password: a wrong guess always pays the slow hash, a changed stored hash is a new entry, no password is kept, and
 * a locked account is refused before its password is looked at. A zero duration remembers nothing.
 */
final class RememberedPasswords implements PasswordEncoder {

    /** At most this many remembered checks; the least recently used goes first. */
    static final int MAX_REMEMBERED = 10_000;

    private final PasswordEncoder encoder;
    private final Duration remember;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Instant> remembered = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    RememberedPasswords(PasswordEncoder encoder, Duration remember, Clock clock) {
        this.encoder = encoder;
        this.remember = remember;
        this.clock = clock;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return encoder.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (remember.isZero() || rawPassword == null || encodedPassword == null) {
            return encoder.matches(rawPassword, encodedPassword);
        }
        String entry = entry(rawPassword, encodedPassword);
        Instant now = clock.instant();
        synchronized (remembered) {
            Instant until = remembered.get(entry);
            if (until != null && now.isBefore(until)) {
                return true;
            }
            remembered.remove(entry);
        }
        boolean matches = encoder.matches(rawPassword, encodedPassword);
        if (matches) {
            synchronized (remembered) {
                remembered.put(entry, now.plus(remember));
            }
        }
        return matches;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return encoder.upgradeEncoding(encodedPassword);
    }

    private String entry(CharSequence rawPassword, String encodedPassword) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(encodedPassword.getBytes(UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(rawPassword.toString().getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
