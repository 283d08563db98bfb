package dev.postern;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module boundaries of DESIGN.md and STYLE.md, checked. */
class ModuleStructureTests {

    static final ApplicationModules modules = ApplicationModules.of(PosternApplication.class);
    static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.postern");

    @Test
    void modulesOnlyUseEachOthersPublicApiAndHaveNoCycles() {
        modules.verify();
    }

    @Test
    void writesTheModuleDocumentation() {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }

    @Test
    void mailLibrariesStayInTheMailModulesInternals() {
        noClasses().that().resideOutsideOfPackage("dev.postern.mail.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.mail..", "org.eclipse.angus..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void htmlSanitiserAndImageFetcherLibrariesStayInTheMailModulesHtmlPackage() {
        noClasses().that().resideOutsideOfPackage("dev.postern.mail.internal.html..")
                .should().dependOnClassesThat().resideInAnyPackage("org.owasp.html..", "org.jsoup..",
                        "org.apache.hc..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void commonsNetStaysInTheFileAndConsoleInternals() {
        noClasses().that().resideOutsideOfPackages("dev.postern.ftp.internal..", "dev.postern.telnet.internal..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.commons.net..")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideInAPackage("dev.postern.ftp..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.commons.net.telnet..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void protocolCodeKnowsNothingOfHttp() {
        noClasses().that().resideInAnyPackage("dev.postern.mail.internal..", "dev.postern.ftp.internal..",
                        "dev.postern.telnet.internal..", "dev.postern.upstream.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "org.springframework.web..",
                        "org.thymeleaf..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void controllersAreNotPublic() {
        classes().that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
                .should().notBePublic()
                .check(classes);
    }

    @Test
    void controllersDoNotTouchRepositoriesOrJdbc() {
        noClasses().that().areAnnotatedWith(Controller.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Repository")
                .check(classes);
    }
}
