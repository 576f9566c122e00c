package org.exchangehub.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;

import org.exchangehub.protect.CryptoSuite;

/**
 * The byte-level format of the audit chain, shared by the hub and the offline verifier (plain Java, no Spring):
 * an event's hash is {@code H(prevHash bytes ‖ UTF-8 canonical JSON)} in lower-case hex, H being SM3 (SM suite)
 * or SHA-256 (INTL), and the first event's prevHash is 64 zeros; a checkpoint signs the UTF-8 text
 * {@code "<seq>|<hash>|<at>"}.
 */
public final class ChainFormat {

    /** prevHash of the first event. */
    public static final String GENESIS = "0".repeat(64);

    /**
     * The node whose chain the events from before chains per node are in, and the default node id: an audit record
     * that names no node (a witness's record from then) is about this chain.
     */
    public static final String FIRST_NODE = "node-1";

    private ChainFormat() {
    }

    public static String chainHash(CryptoSuite suite, String prevHash, String canonicalJson) {
        byte[] previous = HexFormat.of().parseHex(prevHash);
        byte[] body = canonicalJson.getBytes(UTF_8);
        return HexFormat.of().formatHex(suite.digest(ByteBuffer.allocate(previous.length + body.length).put(previous)
                .put(body).array()));
    }

    public static byte[] checkpointMessage(long seq, String hash, Instant at) {
        return (seq + "|" + hash + "|" + AuditEvent.TIME.format(at)).getBytes(UTF_8);
    }
}
