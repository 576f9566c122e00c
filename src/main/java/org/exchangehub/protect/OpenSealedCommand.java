package org.exchangehub.protect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code open-sealed}: prints the clear value of a field the hub sealed to a department's public key. Exit code
 * 0 on success, 1 when the value does not open with the key for that place, 2 on usage errors.
 */
@Command(name = "open-sealed", mixinStandardHelpOptions = true,
        description = "Opens an ehs1. field sealed by Exchange Hub to your department's public key.")
public final class OpenSealedCommand implements Callable<Integer> {

    @Option(names = "--key", required = true, description = "PEM PKCS#8 private key (SM2 or P-256)")
    Path keyFile;

    @Option(names = "--record-id", required = true, description = "recordId of the record the field belongs to")
    String recordId;

    @Option(names = "--subject", required = true, description = "subject of the record, e.g. death-certificate-value")
    String subject;

    @Option(names = "--field", required = true, description = "field name, e.g. causeDirect")
    String field;

    @Parameters(index = "0", description = "the sealed value (ehs1.…)")
    String token;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            String clear = SealedFields.open(token, PemKeys.readPrivateKey(Files.readString(keyFile)), recordId,
                    subject, field);
            spec.commandLine().getOut().println(clear);
            return 0;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("open-sealed: " + e.getMessage());
            return 1;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new OpenSealedCommand()).execute(args));
    }
}
