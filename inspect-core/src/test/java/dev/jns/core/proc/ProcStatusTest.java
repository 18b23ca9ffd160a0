package dev.jns.core.proc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jns.core.ParseException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ProcStatusTest {
    private static final Path PATH = Path.of("/proc/436/status");

    private static final String STATUS = """
            Name:\tsleep
            Umask:\t0022
            State:\tS (sleeping)
            Tgid:\t436
            Pid:\t436
            PPid:\t430
            Uid:\t1000\t1001\t1002\t1003
            Gid:\t1000\t1000\t1000\t1000
            Groups:\t
            NStgid:\t436\t3
            NSpid:\t436\t3
            Threads:\t1
            Cpus_allowed_list:\t0-1
            """;

    @Test
    void looksUpByKey() {
        ProcStatus st = ProcStatus.parse(STATUS, PATH);

        assertEquals(Optional.of("sleep"), st.get("Name"));
        assertEquals(Optional.of("S (sleeping)"), st.get("State"));
        assertEquals(Optional.of(""), st.get("Groups"), "an empty value is trimmed to empty");
        assertEquals(Optional.of("0-1"), st.get("Cpus_allowed_list"));
        assertEquals(Optional.empty(), st.get("VmRSS"));
        assertEquals(OptionalInt.of(1000), st.realUid());
        assertEquals(OptionalInt.of(1001), st.effectiveUid());
        assertEquals(OptionalInt.of(1), st.threads());
        assertArrayEquals(new int[] {436, 3}, st.nsPids().orElseThrow(), "outermost first");
    }

    @Test
    void orderOfKeysDoesNotMatter() {
        ProcStatus st = ProcStatus.parse("Threads:\t7\nUid:\t0\t5\t0\t0\nName:\tx\n", PATH);

        assertEquals(OptionalInt.of(7), st.threads());
        assertEquals(OptionalInt.of(5), st.effectiveUid());
    }

    @Test
    void absentKeysAreEmpty() {
        ProcStatus st = ProcStatus.parse("Name:\tkthreadd\n", PATH);

        assertEquals(OptionalInt.empty(), st.effectiveUid());
        assertEquals(OptionalInt.empty(), st.threads());
        assertTrue(st.nsPids().isEmpty());
    }

    @Test
    void lineWithoutKeyNamesPathAndLine() {
        ParseException e = assertThrows(ParseException.class,
                () -> ProcStatus.parse("Name:\tsleep\nState:\tS\nthis is not a status line\n", PATH));

        assertEquals(3, e.line());
        assertEquals("/proc/436/status:3: expected 'Key: value'", e.getMessage());
    }
}
