package dev.jns.cli.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.cli.Main;
import dev.jns.cli.output.Terminal;
import dev.jns.core.oci.Rules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `jns oci validate --list-rules` shows every kernel value rule with its layer, severity and source. */
class OciKernelRulesListedTest {
    @Test
    void everyKernelRuleIsListedWithItsLayerAndSource() {
        StringWriter out = new StringWriter();
        int rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(new StringWriter()), "oci", "validate", "--list-rules");
        assertEquals(0, rc);
        String text = out.toString();
        boolean inBlock = false;
        int n = 0;
        for (Rules.Rule r : Rules.all()) {
            inBlock |= r.id().equals("process.oom-score-adj.range");
            if (inBlock) {
                n++;
                assertTrue(r.source().startsWith("kernel") || r.source().contains("runc"), r.id() + ": source " + r.source());
                Pattern row = Pattern.compile("(?m)^" + Pattern.quote(r.id()) + "\\s+" + r.layer() + "\\s+" + r.severity() + "\\s+"
                        + Pattern.quote(r.source()) + "\\s+\\S");
                assertTrue(row.matcher(text).find(), r.id() + " not listed with its layer, severity and source:\n" + text);
            }
        }
        assertTrue(n >= 30, "only " + n + " kernel rules");
    }
}
