package dev.jns.cli;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI is split by subject ({@code cli.ns}, {@code cli.exec}, {@code cli.cgroup},
 * {@code cli.top}, {@code cli.oci}): a subject package may use {@code cli.output} and the core,
 * never another subject's classes nor the root package ({@code Main}, {@code JnsCommand}), which
 * assembles them. Logic two subjects need belongs in the core.
 */
class CliLayeringTest {
    private static JavaClasses cli;

    @BeforeAll
    static void importCli() {
        cli = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.jns.cli");
    }

    @Test
    void theSubjectsAreThere() {
        for (String p : new String[] {"ns", "exec", "cgroup", "top", "oci", "output"}) {
            assertTrue(cli.stream().anyMatch(c -> c.getPackageName().equals("dev.jns.cli." + p)), "no classes in cli." + p);
        }
    }

    @Test
    void noSubjectUsesAnother() {
        slices().matching("dev.jns.cli.(*)..").should().notDependOnEachOther()
                .ignoreDependency(alwaysTrue(), resideInAPackage("dev.jns.cli.output.."))
                .check(cli);
    }

    @Test
    void noSubjectUsesTheRootPackage() {
        noClasses().that().resideInAPackage("dev.jns.cli.*..").should().dependOnClassesThat()
                .resideInAPackage("dev.jns.cli").check(cli);
    }

    @Test
    void outputUsesNoSubject() {
        noClasses().that().resideInAPackage("dev.jns.cli.output..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.jns.cli", "dev.jns.cli.ns..", "dev.jns.cli.exec..", "dev.jns.cli.cgroup..",
                        "dev.jns.cli.top..", "dev.jns.cli.oci..").check(cli);
    }
}
