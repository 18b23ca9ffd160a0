package dev.jns.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The one capability list, against the kernel's header and the running kernel. */
class CapabilityTest {
    private static final Path HEADER = Path.of("/usr/include/linux/capability.h");

    @Test
    void namesAndNumbersAreThoseOfTheKernelHeader() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(HEADER), HEADER + " not installed (linux-libc-dev)");
        Map<String, Integer> header = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^#define\\s+(CAP_[A-Z_]+)\\s+(\\d+)\\s*$").matcher(Files.readString(HEADER));
        while (m.find()) {
            header.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        Map<String, Integer> ours = new LinkedHashMap<>();
        for (Capability c : Capability.values()) {
            ours.put(c.name(), c.number());
        }
        assertTrue(header.size() > 30, "read " + header.size() + " capabilities from " + HEADER);
        // a newer header than this list fails here: add the new capability
        assertEquals(header, ours);
    }

    @Test
    void theRunningKernelHasNoCapabilityThisListLacks() throws IOException {
        Path last = Path.of("/proc/sys/kernel/cap_last_cap");
        Assumptions.assumeTrue(Files.isReadable(last), "no " + last);
        // not Files.readString: it reads a file of size 0 one byte first, and an int sysctl read at offset 1 is empty
        int n = Integer.parseInt(dev.jns.core.internal.PseudoFiles.text(last, false).trim());
        assertTrue(Capability.byNumber(n).isPresent(), "cap_last_cap " + n + " is not in " + Capability.names());
        // and its bounding set, as /proc/self/status shows it, names only known ones
        String bnd = null;
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("CapBnd:")) {
                bnd = l.substring(7).trim();
            }
        }
        Assumptions.assumeTrue(bnd != null, "no CapBnd in /proc/self/status");
        long mask = Long.parseUnsignedLong(bnd, 16);
        Set<Capability> set = Capability.ofMask(mask);
        assertEquals(Long.bitCount(mask), set.size(), "CapBnd " + bnd + ": " + set);
        for (Capability c : set) {
            assertTrue(c.number() <= n, c + " above cap_last_cap " + n);
        }
    }

    @Test
    void numbersAreBitPositionsInOrder() {
        Capability[] all = Capability.values();
        for (int i = 0; i < all.length; i++) {
            assertEquals(i, all[i].number(), all[i].name());
            assertEquals(Optional.of(all[i]), Capability.byNumber(i));
            assertEquals(all[i].name(), Capability.names().get(i));
        }
        assertEquals(Optional.empty(), Capability.byNumber(all.length));
        assertEquals(Optional.empty(), Capability.byNumber(-1));
        assertEquals(all.length, Capability.names().size());
    }

    @Test
    void namesAreExactAsTheRuntimesTakeThem() {
        assertEquals(Optional.of(Capability.CAP_SYS_ADMIN), Capability.byName("CAP_SYS_ADMIN"));
        assertEquals(21, Capability.CAP_SYS_ADMIN.number());
        for (String notOne : List.of("cap_sys_admin", "SYS_ADMIN", "CAP_SYS_ADMIN ", "", "CAP_FOO")) {
            assertEquals(Optional.empty(), Capability.byName(notOne), notOne);
        }
    }

    @Test
    void masksAsProcStatusShowsThem() {
        // Docker's default CapEff (docker run busybox grep Cap /proc/self/status): its 14 capabilities
        Set<String> docker = new TreeSet<>();
        for (Capability c : Capability.ofMask(Long.parseUnsignedLong("00000000a80425fb", 16))) {
            docker.add(c.name());
        }
        assertEquals(new TreeSet<>(List.of("CAP_AUDIT_WRITE", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID",
                "CAP_KILL", "CAP_MKNOD", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP",
                "CAP_SETUID", "CAP_SYS_CHROOT")), docker);
        assertEquals(EnumSet.allOf(Capability.class), Capability.ofMask(Long.parseUnsignedLong("000001ffffffffff", 16)));
        assertEquals(EnumSet.allOf(Capability.class), Capability.ofMask(-1L), "unknown bits are left out");
        assertEquals(Set.of(), Capability.ofMask(0));
    }
}
