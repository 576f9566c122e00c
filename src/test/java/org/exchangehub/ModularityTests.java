package org.exchangehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Keeps the module structure of docs/architecture.md honest and draws it into {@code docs/modules}. */
class ModularityTests {

    static final Path DIAGRAMS = Path.of("docs/modules");

    private final ApplicationModules modules = ApplicationModules.of(ExchangeHubApplication.class);

    @Test
    void modulesOnlyUseEachOthersPublicTypes() {
        modules.verify();
    }

    @Test
    void modulesAreTheOnesTheDesignNames() {
        assertThat(modules.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
                .isSubsetOf("schema", "ingest", "protect", "exchange", "audit", "admin", "console", "demo", "catalog", "cluster",
                        "verification");
    }

    /**
     * Draws the diagrams and canvases; their relations and lists are put in order, since Spring Modulith writes them
     * in an order that changes from run to run: a build leaves the committed files as they are unless the structure
     * changed.
     */
    @Test
    void writesModuleDiagrams() throws IOException {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(DIAGRAMS.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        try (Stream<Path> files = Files.list(DIAGRAMS)) {
            for (Path file : files.toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                Files.write(file, inOrder(lines), StandardCharsets.UTF_8);
            }
        }
    }

    /** Each run of relations ({@code Rel(…)}) or list items ({@code * …}, the first of a table cell {@code |* …}) sorted. */
    static List<String> inOrder(List<String> lines) {
        List<String> ordered = new ArrayList<>();
        List<String> run = new ArrayList<>();
        String cell = ""; // "|" when the run opens a table cell
        for (String line : lines) {
            if (run.isEmpty() && line.startsWith("|* ")) {
                cell = "|";
                run.add(line.substring(1));
            } else if (line.startsWith("Rel(") || line.startsWith("* ")) {
                run.add(line);
            } else {
                flush(run, cell, ordered);
                cell = "";
                ordered.add(line);
            }
        }
        flush(run, cell, ordered);
        return ordered;
    }

    private static void flush(List<String> run, String cell, List<String> ordered) {
        run.sort(null);
        for (int i = 0; i < run.size(); i++) {
            ordered.add(i == 0 ? cell + run.get(i) : run.get(i));
        }
        run.clear();
    }
}
