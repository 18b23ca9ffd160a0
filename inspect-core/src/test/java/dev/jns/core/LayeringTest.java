package dev.jns.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inspection core is a library: no CLI or TUI framework, no console output. Its packages form
 * layers: no cycles between them, the root package (errors, shared values) below all, and the
 * native package {@code sys} known to no other (callers hand its inspector in).
 */
class LayeringTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.jns.core");
    }

    @Test
    void coreHasClasses() {
        // guards the rules below against passing on an empty import
        org.junit.jupiter.api.Assertions.assertTrue(core.size() > 10, "imported " + core.size() + " classes");
    }

    @Test
    void coreDoesNotUsePicocli() {
        noClasses().should().dependOnClassesThat().resideInAPackage("picocli..").check(core);
    }

    @Test
    void coreDoesNotUseLanterna() {
        noClasses().should().dependOnClassesThat().resideInAPackage("com.googlecode.lanterna..").check(core);
    }

    @Test
    void coreDoesNotPrintToTheConsole() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(core);
    }

    @Test
    void onlySysTouchesNativeBindings() {
        noClasses().that().resideOutsideOfPackage("dev.jns.core.sys..").should().dependOnClassesThat()
                .resideInAnyPackage("jnr..", "jnr.ffi..", "jnr.posix..").check(core);
    }

    @Test
    void corePackagesHaveNoCycles() {
        slices().matching("dev.jns.core.(*)..").should().beFreeOfCycles().check(core);
    }

    @Test
    void theRootPackageDependsOnNoOtherCorePackage() {
        noClasses().that().resideInAPackage("dev.jns.core").should().dependOnClassesThat()
                .resideInAPackage("dev.jns.core.(*)..").check(core);
    }

    @Test
    void onlyCallersOfTheCoreKnowTheNativePackage() {
        noClasses().that().resideOutsideOfPackage("dev.jns.core.sys..").should().dependOnClassesThat()
                .resideInAPackage("dev.jns.core.sys..").check(core);
    }
}
