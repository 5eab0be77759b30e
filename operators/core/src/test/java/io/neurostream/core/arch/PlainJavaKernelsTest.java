package io.neurostream.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The kernels are plain Java (DESIGN.md): no class of operators/core may use Flink, Kafka or Avro,
 * and ND4J stays behind {@code io.neurostream.core.linalg} (the Maven Enforcer bans the
 * dependencies; this also catches code that would use them through another module).
 */
class PlainJavaKernelsTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.neurostream.core");

    @Test
    void noFlinkKafkaOrAvro() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.flink..", "org.apache.kafka..", "org.apache.avro..")
                .check(CORE);
    }

    @Test
    void nd4jOnlyBehindTheLinearAlgebraPackage() {
        noClasses().that().resideOutsideOfPackage("io.neurostream.core.linalg..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..")
                .check(CORE);
    }
}
