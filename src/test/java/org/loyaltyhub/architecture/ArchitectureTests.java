package org.loyaltyhub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package structure, as a test: each package's dependencies point one way (a new cycle fails here, naming the
 * classes that close it), and vendor specifics stay where they belong: the route files and mappings, the sandbox
 * (the simulated vendors) and the SPI (the interface the hub serves). Generic Java names no vendor and leans on neither.
 */
class ArchitectureTests {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.loyaltyhub");

    /** The vendors' names as they would appear in a class name. */
    private static final String VENDOR_NAME = ".*\\.[^.]*(Ecom|Codes|Promo|Wallet)[^.]*";

    @Test
    void noPackageCycle() {
        slices().matching("org.loyaltyhub.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noVendorNamedInGenericJava() {
        noClasses().that().resideOutsideOfPackages("org.loyaltyhub.sandbox..", "org.loyaltyhub.spi..")
                .should().haveNameMatching(VENDOR_NAME)
                .because("vendor specifics live in routes/ and mappings/: adding a system is files only")
                .check(MAIN);
    }

    @Test
    void theSimulatedVendorsAndTheSpiAreLeavesNotFoundations() {
        noClasses().that().resideOutsideOfPackage("org.loyaltyhub.sandbox..")
                .should().dependOnClassesThat().resideInAPackage("org.loyaltyhub.sandbox..")
                .check(MAIN);
        noClasses().that().resideOutsideOfPackage("org.loyaltyhub.spi..")
                .should().dependOnClassesThat().resideInAPackage("org.loyaltyhub.spi..")
                .check(MAIN);
    }
}
