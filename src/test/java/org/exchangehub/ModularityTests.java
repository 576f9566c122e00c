package org.exchangehub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Keeps the module structure of DESIGN.md honest and draws it into {@code docs/modules}. */
class ModularityTests {

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

    @Test
    void writesModuleDiagrams() {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
    }
}
