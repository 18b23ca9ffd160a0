package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The "did you mean" hints of the schema and semantic layers: one nearest-name search
 * ({@code SchemaChecker.closest}) serves both, each with its own reach and wording.
 */
class OciHintsTest {
    private static String hint(String ops, String rule) {
        List<Finding> fs = OciValidator.validateBytes(OciRulesTest.edit(ops));
        for (Finding f : fs) {
            if (f.rule().equals(rule)) {
                return f.hint();
            }
        }
        throw new AssertionError(rule + " not found in " + fs);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/process/capabilities/bounding=[\"CAP_SYS_ADMN\"]|process.capabilities.unknown|did you mean CAP_SYS_ADMIN?",
        "/process/capabilities/bounding=[\"cap_sys_admn\"]|process.capabilities.unknown|did you mean CAP_SYS_ADMIN?",
        "/process/capabilities/bounding=[\"sys_admin\"]|process.capabilities.unknown|write CAP_SYS_ADMIN",
        "/process/capabilities/bounding=[\"CAP_WHATEVER_THIS_IS\"]|process.capabilities.unknown|see capabilities(7)",
        "/process/rlimits/0/type=\"RLIMIT_NOFLIE\"|process.rlimits.unknown|did you mean RLIMIT_NOFILE?",
        "/process/rlimits/0/type=\"RLIMIT_WHATEVER_THIS_IS\"|process.rlimits.unknown|''",
        "/linux/namespaces/1/type=\"netwrk\"|schema.enum|did you mean \"network\"?",
        "/linux/namespaces/1/type=\"NETWORK\"|schema.enum|did you mean \"network\"?",
        "/linux/namespaces/1/type=\"x\"|schema.enum|one of: mount, pid, network, uts, ipc, user, cgroup, time",
    })
    void hints(String ops, String rule, String hint) {
        assertEquals(hint, hint(ops, rule));
    }
}
