package org.exchangehub.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.exchangehub.ingest.internal.SourceConditions;
import org.exchangehub.protect.PayloadVault;
import org.springframework.stereotype.Component;

/**
 * Department files the hub could not read as a whole (wrong encoding, another export format). They hold personal
 * data like any export, so none stays on disk in clear. The file adapters' error handling
 * ({@code routes/hub-error-handling.camel.yaml}) writes {@code failed/<name>.reason.txt}, then calls
 * {@link #seal}. That keeps the file as {@code failed/<name>.sealed}, encrypted with the {@link PayloadVault} and
 * bound to its name, and the consumer deletes the original. The adapter shows the condition {@code FILE_FAILED}
 * until a file goes through. An admin lists, opens (audited) and removes sealed files through
 * {@code /api/v1/admin/routes/{id}/failed-files}.
 */
@Component("failedFiles")
public class FailedFiles {

    /** A file kept sealed: its name as the department gave it, when it failed, and why. */
    public record FailedFile(String name, Instant failedAt, long sealedBytes, String reason) {
    }

    static final String KIND = "failed-file";
    private static final String SEALED = ".sealed";
    private static final Pattern NAME = Pattern.compile("[^/\\\\\\x00]{1,255}");

    private final PayloadVault vault;

    FailedFiles(PayloadVault vault) {
        this.vault = vault;
    }

    /** Keeps the exchange's file sealed in its inbox's {@code failed/} and names the condition on the exchange. */
    public void seal(Exchange exchange) throws IOException {
        String path = exchange.getIn().getHeader("CamelFileAbsolutePath", String.class);
        Path file = Path.of(path != null ? path : exchange.getIn().getHeader(Exchange.FILE_PATH, String.class))
                .toAbsolutePath();
        String name = file.getFileName().toString();
        Path failed = Files.createDirectories(file.getParent().resolve("failed"));
        Path next = failed.resolve(name + SEALED + ".part");
        Files.writeString(next, vault.seal(KIND, name, Files.readAllBytes(file)), UTF_8);
        Files.move(next, failed.resolve(name + SEALED), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        exchange.setProperty(SourceConditions.CONDITION, "FILE_FAILED");
        exchange.setProperty(SourceConditions.DETAIL, "a file could not be read as a whole and is kept sealed in"
                + " failed/ with its reason: an admin opens or removes it (/api/v1/admin/routes/{id}/failed-files)");
    }

    /** The sealed files of an inbox, oldest first. */
    public List<FailedFile> list(Path inbox) {
        Path failed = inbox.resolve("failed");
        List<FailedFile> files = new ArrayList<>();
        if (!Files.isDirectory(failed)) {
            return files;
        }
        try (var entries = Files.list(failed)) {
            for (Path sealed : entries.filter(path -> path.getFileName().toString().endsWith(SEALED)).sorted().toList()) {
                String name = sealed.getFileName().toString();
                name = name.substring(0, name.length() - SEALED.length());
                Path reason = failed.resolve(name + ".reason.txt");
                files.add(new FailedFile(name, Files.getLastModifiedTime(sealed).toInstant(), Files.size(sealed),
                        Files.exists(reason) ? Files.readString(reason, UTF_8).strip() : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + failed, e);
        }
        files.sort(Comparator.comparing(FailedFile::failedAt));
        return files;
    }

    /**
     * The file's bytes as the department sent them.
     *
     * @throws NoSuchElementException when the inbox keeps no such sealed file
     */
    public byte[] open(Path inbox, String name) {
        try {
            return vault.open(KIND, name, Files.readString(sealed(inbox, name), UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sealed file", e);
        }
    }

    /**
     * Removes a sealed file and its reason.
     *
     * @throws NoSuchElementException when the inbox keeps no such sealed file
     */
    public void remove(Path inbox, String name) {
        try {
            Files.delete(sealed(inbox, name));
            Files.deleteIfExists(inbox.resolve("failed").resolve(name + ".reason.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the sealed file", e);
        }
    }

    private static Path sealed(Path inbox, String name) {
        Path sealed = inbox.resolve("failed").resolve(name + SEALED);
        if (!NAME.matcher(name).matches() || name.equals("..") || !Files.isRegularFile(sealed)) {
            throw new NoSuchElementException("no sealed failed file '" + name + "'");
        }
        return sealed;
    }
}
