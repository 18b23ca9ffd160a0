package dev.jns.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswdTest {
    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/bash
            # a comment is not a user
            nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
            alice:x:1000:1000:Alice:/home/alice:/bin/bash
            shadow-alice:x:1000:1000::/home/alice:/bin/bash
            broken:x:notanumber:0::/:/bin/false
            short:x
            :x:7:7:no name:/:/bin/false
            nfsnobody:x:4294967294:4294967294::/:/sbin/nologin
            """;

    @ParameterizedTest
    @CsvSource({
        "0, root",
        "65534, nobody",
        "1000, alice",
        "7, 7",
        "4242, 4242",
        "-2, nfsnobody",
    })
    void namesUids(int uid, String name) {
        assertEquals(name, Passwd.parse(PASSWD).name(uid));
    }

    @Test
    void unknownUidsAreShownUnsigned() {
        assertEquals("4294967295", Passwd.parse("").name(-1));
    }

    @Test
    void missingFileGivesNumbers(@TempDir Path tmp) {
        assertEquals("0", Passwd.load(tmp.resolve("no-such-passwd")).name(0));
    }

    @Test
    void forProcRootReadsEtcPasswdBesideProc(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("proc"));
        Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(tmp.resolve("etc/passwd"), "daemon:x:0:0::/:/bin/sh\n");

        assertEquals("daemon", Passwd.forProcRoot(tmp.resolve("proc")).name(0));
    }
}
