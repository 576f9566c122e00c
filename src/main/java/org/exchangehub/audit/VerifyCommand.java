package org.exchangehub.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.exchangehub.protect.CryptoSuite;
import org.exchangehub.protect.PemKeys;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code exchange-hub-verify}: the auditor's offline verifier. {@code verify bundle.zip…} checks export
 * bundles (one per node's chain of a cluster); {@code verify --db --url … --key audit-public-key.pem} checks a live
 * database, every node's chain, and reports how far each is anchored; {@code --anchors witness.ndjson} checks either against the checkpoints a witness received. Prints one
 * verdict line; exit code 0 only when everything verifies, 1 when it does not, 2 on usage errors.
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

        @Parameters(index = "0", arity = "0..*", description = "export bundles (zip): one, or one for each node's chain"
                + " of a cluster")
        List<Path> bundles;

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

        @Option(names = "--anchors", description = "the witness's record: checkpoints it received, one JSON line each;"
                + " every one of them must still be in the chain, sign the same hash, and not lie past its end")
        Path anchors;

        @Option(names = "--tsa-cert", description = "certificate (PEM or DER) of the time-stamping authority whose"
                + " tokens alone are accepted")
        Path tsaCertificate;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ChainVerifier.Verdict verdict;
            try {
                X509Certificate authority = tsaCertificate == null ? null
                        : TimeStampTokens.certificate(Files.readAllBytes(tsaCertificate));
                if (database) {
                    if (url == null || key == null) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--db needs --url and --key");
                    }
                    verdict = verifyDatabase(record(), authority);
                } else {
                    if (bundles == null || bundles.isEmpty()) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "give a bundle or --db");
                    }
                    PublicKey trusted = trustedKey == null ? null : PemKeys.readPublicKey(Files.readString(trustedKey));
                    verdict = BundleVerifier.verifyAll(bundles, trusted, record(), authority);
                }
            } catch (CommandLine.ParameterException e) {
                throw e;
            } catch (Exception e) {
                spec.commandLine().getOut().println("FAILED: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                return 1;
            }
            boolean several = verdict.chains() != null && verdict.chains().size() > 1;
            spec.commandLine().getOut().println(line(verdict));
            if (several) {
                verdict.chains().forEach(chain -> spec.commandLine().getOut().println("  " + chain.node() + ": "
                        + line(chain)));
            }
            return verdict.ok() ? 0 : 1;
        }

        private static String line(ChainVerifier.Verdict verdict) {
            return verdict.ok() ? "VERIFIED: " + verdict.detail()
                    : "FAILED"
                            + (verdict.firstBadSeq() == null ? "" : " at seq " + verdict.firstBadSeq()) + ": "
                            + verdict.problem() + ": " + verdict.detail();
        }

        private ChainVerifier.Verdict verifyDatabase(List<Checkpoint> record, X509Certificate authority)
                throws Exception {
            PublicKey publicKey = PemKeys.readPublicKey(Files.readString(key));
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
                JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
                jdbc.setFetchSize(2048);
                boolean h2 = "H2".equals(connection.getMetaData().getDatabaseProductName());
                try {
                    return DatabaseChain.verify(jdbc, h2, publicKey, CryptoSuite.of(suite), record, authority,
                            Instant.now());
                } finally {
                    connection.rollback();
                }
            }
        }

        /** The checkpoints of an external record: one JSON line each, as the witness received them. */
        private List<Checkpoint> record() throws IOException {
            if (anchors == null) {
                return List.of();
            }
            return AuditBundle.checkpoints(Files.readString(anchors), anchors.toString());
        }
    }
}
