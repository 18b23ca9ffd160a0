package dev.jns.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.ParseException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MountInfoTest {
    private static final Path PATH = Path.of("/proc/self/mountinfo");

    @Test
    void parsesEveryField() {
        List<MountInfo> m = MountInfo.parse("""
                27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard
                91 65 0:4 net:[4026532326] /run/netns/jnsdemo rw shared:2 master:7 - nsfs nsfs rw
                22 27 0:21 / /proc rw,relatime - proc proc rw
                """, PATH);

        assertEquals(3, m.size());
        MountInfo root = m.get(0);
        assertEquals(27, root.mountId());
        assertEquals(1, root.parentId());
        assertEquals(254, root.major());
        assertEquals(0, root.minor());
        assertEquals("/", root.root());
        assertEquals("/", root.mountPoint());
        assertEquals("rw,relatime", root.options());
        assertEquals(List.of("shared:1"), root.optionalFields());
        assertEquals("ext4", root.fsType());
        assertEquals("/dev/vda", root.source());
        assertEquals("rw,discard", root.superOptions());

        MountInfo ns = m.get(1);
        assertEquals("net:[4026532326]", ns.root());
        assertEquals("/run/netns/jnsdemo", ns.mountPoint());
        assertEquals(List.of("shared:2", "master:7"), ns.optionalFields());
        assertEquals("nsfs", ns.fsType());

        assertEquals(List.of(), m.get(2).optionalFields());
        assertEquals("proc", m.get(2).fsType());
    }

    @ParameterizedTest(name = "{0} -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "/mnt/my\\040disk|/mnt/my disk",
        "/a\\011b|'/a\tb'",
        "/back\\134slash|/back\\slash",
        "/two\\040\\040spaces|/two  spaces",
        "/not\\04escaped|/not\\04escaped",
        "/trailing\\|/trailing\\",
        "/plain|/plain",
    })
    void decodesOctalEscapesInPaths(String raw, String decoded) {
        MountInfo m = MountInfo.parse("36 35 98:0 " + raw + " " + raw + " rw - ext3 " + raw + " rw\n", PATH).get(0);

        assertEquals(decoded, m.root());
        assertEquals(decoded, m.mountPoint());
        assertEquals(decoded, m.source());
    }

    @Test
    void missingSuperOptionsAreEmpty() {
        MountInfo m = MountInfo.parse("36 35 98:0 / /x rw master:1 - tmpfs tmpfs \n", PATH).get(0);
        assertEquals("tmpfs", m.source());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 ext3 /dev/root rw",
        "36 35 98:0 /mnt1 /mnt2 rw,noatime -",
        "36 35 98:0 /mnt1",
        "x 35 98:0 /mnt1 /mnt2 rw,noatime - ext3 /dev/root rw",
        "36 35 980 /mnt1 /mnt2 rw,noatime - ext3 /dev/root rw",
        "36 35 98:z /mnt1 /mnt2 rw,noatime - ext3 /dev/root rw",
    })
    void malformedLineNamesPathAndLineNumber(String bad) {
        String content = "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
                + "\n"
                + bad + "\n"
                + "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n";

        ParseException e = assertThrows(ParseException.class, () -> MountInfo.parse(content, PATH));

        assertEquals(3, e.line(), "blank lines count");
        assertEquals(PATH, e.path());
        assertTrue(e.getMessage().startsWith("/proc/self/mountinfo:3: "), e.getMessage());
    }
}
