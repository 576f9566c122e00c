package org.exchangehub.protect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import org.exchangehub.protect.internal.BouncyCastle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * SM2 signatures checked by an independent implementation, OpenSSL 3, with GM/T 0009's default user ID
 * 1234567812345678, in both directions. Runs where an {@code openssl} 3 binary is on the PATH, as on the project's machines.
 */
@EnabledIf("openSslWithSm2")
class Sm2OpenSslInteropTests {

    private static final CryptoSuite SM = CryptoSuite.of("SM");
    /** GM/T 0009's default user ID; OpenSSL 3.0's pkeyutl needs it spelled out (its own default differs). */
    private static final String DEFAULT_ID = "distid:1234567812345678";

    @TempDir
    Path dir;

    @Test
    void hubSignatureVerifiesWithOpenSsl() throws Exception {
        KeyPair keys = SM.newKeyPair();
        byte[] message = "checkpoint|seq=42|hash=6a1f".getBytes(UTF_8);
        Files.write(dir.resolve("msg.bin"), message);
        Files.write(dir.resolve("sig.der"), SM.sign(keys.getPrivate(), message));
        Files.writeString(dir.resolve("pub.pem"), PemKeys.publicKeyPem(keys.getPublic()));

        Result verify = run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg.bin",
                "-sigfile", "sig.der", "-digest", "sm3", "-pkeyopt", DEFAULT_ID);

        assertThat(verify.output()).contains("Signature Verified Successfully");
        assertThat(verify.exitCode()).isZero();
    }

    @Test
    void openSslSignatureVerifiesInTheHub() throws Exception {
        run("openssl", "genpkey", "-algorithm", "SM2", "-out", "key.pem");
        run("openssl", "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        Files.writeString(dir.resolve("msg.bin"), "export manifest 2026-11-23");
        run("openssl", "pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-in", "msg.bin", "-digest", "sm3",
                "-pkeyopt", DEFAULT_ID, "-out", "sig.der");
        PublicKey publicKey = KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                .generatePublic(new X509EncodedKeySpec(pemBody(Files.readString(dir.resolve("pub.pem")))));

        byte[] signature = Files.readAllBytes(dir.resolve("sig.der"));

        assertThat(SM.verify(publicKey, Files.readAllBytes(dir.resolve("msg.bin")), signature)).isTrue();
        assertThat(SM.verify(publicKey, "export manifest 2026-11-24".getBytes(UTF_8), signature)).isFalse();
    }

    static boolean openSslWithSm2() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), UTF_8);
            return process.waitFor() == 0 && version.startsWith("OpenSSL 3");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        return new Result(process.waitFor(), output);
    }

    private static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
