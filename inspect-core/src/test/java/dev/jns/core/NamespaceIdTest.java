package dev.jns.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamespaceIdTest {

    @ParameterizedTest
    @CsvSource({
        "net:[4026531833], NET, 4026531833",
        "pid:[4026531836], PID, 4026531836",
        "user:[1], USER, 1",
        "mnt:[4026531832], MNT, 4026531832",
        "cgroup:[4026531835], CGROUP, 4026531835",
        "time:[4026531834], TIME, 4026531834",
        "uts:[4026531838], UTS, 4026531838",
        "ipc:[4026531839], IPC, 4026531839",
        "NET:[7], NET, 7",
        "net:[+12], NET, 12",
        "net:[999999999999999999], NET, 999999999999999999",
        "net:[9223372036854775808], NET, -9223372036854775808",
        "pid:[0004], PID, 4",
    })
    void parsesLinkText(String link, NamespaceType type, long inode) {
        assertEquals(Optional.of(new NamespaceId(type, inode)), NamespaceId.parse(link));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "net", "net:", "net:[]", "net:[", "net:4026531833", "net:[4026531833", "net:(4026531833)",
        ":[4026531833]", "foo:[4026531833]", "net:[abc]", "net:[-1]", "net:[18446744073709551616]",
        "netx:[1]", "ne:[1]", "pidx:[1]", "net:[1 ]", "net:[ 1]",
        "/dev/null", "socket:[12345]", "pipe:[12345]", "anon_inode:[eventfd]", "/run/netns/jnsdemo",
    })
    void otherTextIsNotANamespace(String link) {
        assertEquals(Optional.empty(), NamespaceId.parse(link));
    }

    @Test
    void inodesAreUnsigned() {
        NamespaceId max = NamespaceId.parse("net:[18446744073709551615]").orElseThrow();

        assertEquals(-1L, max.inode());
        assertEquals("net:[18446744073709551615]", max.toString());
        assertTrue(max.compareTo(new NamespaceId(NamespaceType.NET, 4026531833L)) > 0, "compared unsigned");
    }

    @Test
    void printsAsTheKernelDoes() {
        assertEquals("pid:[4026531836]", new NamespaceId(NamespaceType.PID, 4026531836L).toString());
        assertEquals(Optional.of(new NamespaceId(NamespaceType.UTS, 4026532468L)),
                NamespaceId.parse(new NamespaceId(NamespaceType.UTS, 4026532468L).toString()));
    }

    @Test
    void sortsByInodeThenType() {
        List<NamespaceId> ids = new ArrayList<>(List.of(
                new NamespaceId(NamespaceType.NET, 20), new NamespaceId(NamespaceType.MNT, 10),
                new NamespaceId(NamespaceType.USER, 20)));
        ids.sort(null);

        assertEquals(List.of(new NamespaceId(NamespaceType.MNT, 10), new NamespaceId(NamespaceType.USER, 20),
                new NamespaceId(NamespaceType.NET, 20)), ids);
    }
}
