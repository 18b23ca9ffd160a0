package dev.jns.core.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The one registry of rule ids: {@link RuleId}'s constants and {@link Rules}' rows are the same ids. */
class OciRuleIdTest {

    /** The values of RuleId's constants, with the constant of each. */
    static Map<String, String> constants() throws IllegalAccessException {
        Map<String, String> byId = new HashMap<>();
        for (Field f : RuleId.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && f.getType() == String.class) {
                assertTrue(Modifier.isPublic(m) && Modifier.isFinal(m), f.getName() + " is not public static final");
                String id = (String) f.get(null);
                String other = byId.put(id, f.getName());
                assertTrue(other == null, id + " is the value of both " + other + " and " + f.getName());
                assertEquals(id.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT), f.getName(),
                        "the constant of " + id + " is named after it");
            }
        }
        return byId;
    }

    @Test
    void everyConstantHasARowAndEveryRowAConstant() throws IllegalAccessException {
        Map<String, String> byId = constants();
        Set<String> rows = new LinkedHashSet<>();
        for (Rules.Rule r : Rules.all()) {
            assertTrue(rows.add(r.id()), "two rows for " + r.id());
        }
        List<String> noRow = new ArrayList<>();
        for (Map.Entry<String, String> e : byId.entrySet()) {
            if (!rows.contains(e.getKey())) {
                noRow.add(e.getValue() + " = " + e.getKey());
            }
        }
        List<String> noConstant = new ArrayList<>();
        for (String id : rows) {
            if (!byId.containsKey(id)) {
                noConstant.add(id);
            }
        }
        assertEquals(List.of(), noRow, "RuleId constants without a row in Rules' TABLE");
        assertEquals(List.of(), noConstant, "Rules' rows without a RuleId constant");
    }

    /** Ids are written once, in RuleId: the checkers and the table name them by constant. */
    @Test
    void noOtherSourceSpellsAnId() throws IOException, IllegalAccessException {
        Path main = Path.of("src/main/java/dev/jns/core/oci");
        Assumptions.assumeTrue(Files.isDirectory(main), "sources not found from " + Path.of("").toAbsolutePath());
        Set<String> ids = constants().keySet();
        Pattern literal = Pattern.compile("\"([a-z0-9.-]+)[\"|]");
        List<String> spelled = new ArrayList<>();
        try (Stream<Path> s = Files.walk(main)) {
            for (Path p : s.filter(q -> q.toString().endsWith(".java")).toList()) {
                if (p.getFileName().toString().equals("RuleId.java")) {
                    continue;
                }
                Matcher m = literal.matcher(Files.readString(p));
                while (m.find()) {
                    if (ids.contains(m.group(1))) {
                        spelled.add(main.relativize(p) + ": \"" + m.group(1) + "\"");
                    }
                }
            }
        }
        assertEquals(List.of(), spelled, "rule ids spelled out instead of a RuleId constant");
    }
}
