package dev.jns.core.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.NamespaceType;
import dev.jns.core.ns.NamespaceScanner.Find;
import dev.jns.core.ns.NamespaceScanner.Options;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamespaceScannerOptionsTest {
    @Test
    void ancestorsBringRelations() {
        Options o = Options.of(EnumSet.of(NamespaceType.PID), Find.ANCESTORS);

        assertTrue(o.finds(Find.RELATIONS));
        assertEquals(EnumSet.of(Find.ANCESTORS, Find.RELATIONS), o.find());
        assertFalse(o.finds(Find.PERSISTENT));
    }

    @Test
    void noTypesMeansAll() {
        assertEquals(EnumSet.allOf(NamespaceType.class), Options.of(Set.of()).types());
        assertEquals(Set.of(), Options.of(Set.of()).find());
    }

    @Test
    void allFindsPersistentNamespacesOnly() {
        assertEquals(new Options(EnumSet.allOf(NamespaceType.class), EnumSet.of(Find.PERSISTENT)), Options.all());
    }
}
