package org.exchangehub.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.exchangehub.protect.CryptoSuite;
import org.exchangehub.protect.PemKeys;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code exchange-hub-verify}: the auditor's offline verifier. {@code verify bundle.zip} checks an export
 * bundle; {@code verify --db --url … --key audit-public-key.pem} checks a live database. Prints one verdict
 * line; exit code 0 only when everything verifies, 1 when it does not, 2 on usage errors.
 */
@Command(name = "exchange-hub-verify", mixinStandardHelpOptions = true, subcommands = VerifyCommand.Verify.class,
        description = "Verifies Exchange Hub audit logs offline.")
public final class VerifyCommand {

    public static void main(String[] args) {
        System.exit(new CommandLine(new VerifyCommand()).execute(args));
    }

    /** {@code verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Checks the hash chain, every checkpoint signature, the manifest and continuity.")
    static final class Verify implements Callable<Integer> {

        @Parameters(index = "0", arity = "0..1", description = "export bundle (zip)")
        Path bundle;

        @Option(names = "--trusted-key", description = "PEM public key the bundle's key must be (out of band)")
        Path trustedKey;

        @Option(names = "--db", description = "verify a live database instead of a bundle")
        boolean database;

        @Option(names = "--url", description = "JDBC URL of the hub database, with --db")
        String url;

        @Option(names = "--user", defaultValue = "hub", description = "database user, with --db")
        String user;

        @Option(names = "--password", defaultValue = "", description = "database password, with --db")
        String password;

        @Option(names = "--key", description = "PEM audit public key, with --db")
        Path key;

        @Option(names = "--suite", defaultValue = "SM", description = "SM or INTL, with --db")
        String suite;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ChainVerifier.Verdict verdict;
            try {
                if (database) {
                    if (url == null || key == null) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--db needs --url and --key");
                    }
                    verdict = verifyDatabase();
                } else {
                    if (bundle == null) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "give a bundle or --db");
                    }
                    PublicKey trusted = trustedKey == null ? null : PemKeys.readPublicKey(Files.readString(trustedKey));
                    verdict = BundleVerifier.verify(bundle, trusted);
                }
            } catch (CommandLine.ParameterException e) {
                throw e;
            } catch (Exception e) {
                spec.commandLine().getOut().println("FAILED: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().println(verdict.ok() ? "VERIFIED: " + verdict.detail()
                    : "FAILED" + (verdict.firstBadSeq() == null ? "" : " at seq " + verdict.firstBadSeq()) + ": "
                            + verdict.problem() + ": " + verdict.detail());
            return verdict.ok() ? 0 : 1;
        }

        private ChainVerifier.Verdict verifyDatabase() throws Exception {
            PublicKey publicKey = PemKeys.readPublicKey(Files.readString(key));
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                long head;
                try (ResultSet rs = connection.createStatement().executeQuery("SELECT seq FROM audit_head WHERE id = 1")) {
                    head = rs.next() ? rs.getLong(1) : -1;
                }
                List<Checkpoint> checkpoints = new ArrayList<>();
                try (ResultSet rs = connection.createStatement()
                        .executeQuery("SELECT * FROM audit_checkpoint ORDER BY seq")) {
                    while (rs.next()) {
                        checkpoints.add(AuditVerifier.CHECKPOINT.mapRow(rs, checkpoints.size()));
                    }
                }
                List<AuditEvent> events = new ArrayList<>();
                try (PreparedStatement query = connection.prepareStatement("SELECT * FROM audit_event ORDER BY seq");
                        ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        events.add(AuditVerifier.EVENT.mapRow(rs, events.size()));
                    }
                }
                long firstSeq = 1;
                String firstPrevHash = null;
                try (ResultSet rs = connection.createStatement().executeQuery(
                        "SELECT to_seq, last_hash FROM audit_archive ORDER BY to_seq DESC FETCH FIRST 1 ROWS ONLY")) {
                    if (rs.next()) {
                        firstSeq = rs.getLong(1) + 1;
                        firstPrevHash = rs.getString(2);
                    }
                }
                return ChainVerifier.verify(events.iterator(), checkpoints, publicKey, CryptoSuite.of(suite), firstSeq,
                        firstPrevHash, head);
            }
        }
    }
}
