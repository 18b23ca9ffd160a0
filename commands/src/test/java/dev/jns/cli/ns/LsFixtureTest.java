package dev.jns.cli.ns;

import dev.jns.cli.Main;
import dev.jns.cli.output.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jns.cli.output.Terminal;
import dev.jns.core.testing.ProcFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jns ls} on the fixtures of inspect-core (fixtures/README.md there): golden output for
 * each option, JSON shape and types, and the errors. Output is what a pipe gets under the C
 * locale ({@link Terminal#plain()}): ASCII tree, no width limit.
 */
class LsFixtureTest {
    private static final String PLAIN = "plain-host.txt";
    private static final String CONTAINERS = "container-host.txt";

    @TempDir
    Path tmp;

    record Result(int rc, String out, String err) {}

    private Path procOf(String fixture) {
        Path proc = tmp.resolve("root/proc");
        if (!Files.isDirectory(proc)) {
            ProcFixture.unpack("fixtures/" + fixture, tmp.resolve("root"));
        }
        return proc;
    }

    /** Runs {@code jns --proc-root FIXTURE/proc ls ARGS}; the fixture's directory reads as ROOT. */
    private Result ls(String fixture, String... args) {
        Path proc = procOf(fixture);
        List<String> all = new ArrayList<>(List.of("--proc-root", proc.toString(), "ls"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(Terminal.plain(), new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
        String root = tmp.resolve("root").toString();
        return new Result(rc, out.toString().replace(root, "ROOT"), err.toString().replace(root, "ROOT"));
    }

    private void assertLs(String expected, String fixture, String... args) {
        Result r = ls(fixture, args);
        assertEquals("", r.err(), "stderr of ls " + String.join(" ", args));
        assertEquals(0, r.rc());
        assertEquals(expected, r.out(), "ls " + String.join(" ", args));
    }

    // ---- golden output ------------------------------------------------------------------------

    @Test
    void plainHostDefault() {
        assertLs("""
                        NS TYPE   NPROCS PID USER COMMAND
                4026531832 mnt        11   1 root /sbin/init
                4026531833 net        12   1 root /sbin/init
                4026531834 time       12   1 root /sbin/init
                4026531835 cgroup     12   1 root /sbin/init
                4026531836 pid        12   1 root /sbin/init
                4026531837 user       12   1 root /sbin/init
                4026531838 uts        12   1 root /sbin/init
                4026531839 ipc        12   1 root /sbin/init
                4026531860 mnt         1  25 root kdevtmpfs
                """, PLAIN);
    }

    /**
     * The process tree: a row nests under the latest row of its process's parent. The containers'
     * rows hang under pid 1's last row; the persistent rows (no process) come last, unnested.
     */
    @Test
    void containerHostDefault() {
        assertLs("""
                        NS TYPE   NPROCS   PID USER  COMMAND
                4026531832 mnt         5     1 root  /sbin/init
                4026531833 net         6     1 root  /sbin/init
                4026531834 time       12     1 root  /sbin/init
                4026531835 cgroup     11     1 root  /sbin/init
                4026531836 pid         9     1 root  /sbin/init
                4026531837 user       12     1 root  /sbin/init
                4026531838 uts         7     1 root  /sbin/init
                4026531839 ipc         7     1 root  /sbin/init
                4026532177 user        3   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532178 mnt         4   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532179 uts         4   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532180 ipc         4   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532181 pid         3   430 alice | `-bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532395 user        1   436 alice |   `-sleep 902
                4026532182 net         4   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532251 mnt         3   428 root  |-unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532252 uts         5   428 root  |-unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532253 ipc         5   428 root  |-unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532254 pid         3   431 root  | `-bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532255 cgroup      5   428 root  |-unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532256 net         5   428 root  |-unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532325 time        4   431 root  | `-bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532396 mnt         2   434 root  |   `-unshare -p -f --mount-proc sleep 912
                4026532397 pid         1   438 root  |     `-sleep 912
                4026532398 net         1   440 root  |-sleep 921
                4026532467 mnt         1   440 root  `-sleep 921
                4026531860 mnt         1    25 root  kdevtmpfs
                4026532326 net         0       root \s
                4026532468 uts         0       root \s
                4026532469 ipc         0       root \s
                """, CONTAINERS);
    }

    @Test
    void typePid() {
        assertLs("""
                        NS TYPE NPROCS   PID USER  COMMAND
                4026531836 pid       9     1 root  /sbin/init
                4026532181 pid       3   430 alice bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532254 pid       3   431 root  bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532397 pid       1   438 root  sleep 912
                """, CONTAINERS, "-t", "pid");
    }

    /** Without COMMAND there is no tree to draw: rows are in inode order, as lsns prints them. */
    @Test
    void columnsNsTypePnsOns() {
        assertLs("""
                        NS TYPE          PNS        ONS
                4026531832 mnt             0 4026531837
                4026531833 net             0 4026531837
                4026531834 time            0 4026531837
                4026531835 cgroup          0 4026531837
                4026531836 pid             0 4026531837
                4026531837 user            0          0
                4026531838 uts             0 4026531837
                4026531839 ipc             0 4026531837
                4026531860 mnt             0 4026531837
                4026532177 user   4026531837 4026531837
                4026532178 mnt             0 4026532177
                4026532179 uts             0 4026532177
                4026532180 ipc             0 4026532177
                4026532181 pid    4026531836 4026532177
                4026532182 net             0 4026532177
                4026532251 mnt             0 4026531837
                4026532252 uts             0 4026531837
                4026532253 ipc             0 4026531837
                4026532254 pid    4026531836 4026531837
                4026532255 cgroup          0 4026531837
                4026532256 net             0 4026531837
                4026532325 time            0 4026531837
                4026532326 net             0 4026531837
                4026532395 user   4026532177 4026532177
                4026532396 mnt             0 4026531837
                4026532397 pid    4026532254 4026531837
                4026532398 net             0 4026531837
                4026532467 mnt             0 4026531837
                4026532468 uts             0 4026531837
                4026532469 ipc             0 4026531837
                """, CONTAINERS, "-o", "NS,TYPE,PNS,ONS");
    }

    @Test
    void treeOwner() {
        assertLs("""
                NS             TYPE   NPROCS   PID USER  COMMAND
                4026531837     user       12     1 root  /sbin/init
                |-4026531832   mnt         5     1 root  /sbin/init
                |-4026531833   net         6     1 root  /sbin/init
                |-4026531834   time       12     1 root  /sbin/init
                |-4026531835   cgroup     11     1 root  /sbin/init
                |-4026531836   pid         9     1 root  /sbin/init
                |-4026531838   uts         7     1 root  /sbin/init
                |-4026531839   ipc         7     1 root  /sbin/init
                |-4026531860   mnt         1    25 root  kdevtmpfs
                |-4026532177   user        3   426 alice unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                | |-4026532178 mnt         4   426 alice unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                | |-4026532179 uts         4   426 alice unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                | |-4026532180 ipc         4   426 alice unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                | |-4026532181 pid         3   430 alice bash -c sleep 901 & unshare -U -r sleep 902 & wait
                | |-4026532182 net         4   426 alice unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                | `-4026532395 user        1   436 alice sleep 902
                |-4026532251   mnt         3   428 root  unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                |-4026532252   uts         5   428 root  unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                |-4026532253   ipc         5   428 root  unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                |-4026532254   pid         3   431 root  bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                |-4026532255   cgroup      5   428 root  unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                |-4026532256   net         5   428 root  unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                |-4026532325   time        4   431 root  bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                |-4026532326   net         0       root \s
                |-4026532396   mnt         2   434 root  unshare -p -f --mount-proc sleep 912
                |-4026532397   pid         1   438 root  sleep 912
                |-4026532398   net         1   440 root  sleep 921
                |-4026532467   mnt         1   440 root  sleep 921
                |-4026532468   uts         0       root \s
                `-4026532469   ipc         0       root \s
                """, CONTAINERS, "--tree=owner");
    }

    @Test
    void treeParent() {
        assertLs("""
                NS             TYPE   NPROCS   PID USER  COMMAND
                4026531837     user       12     1 root  /sbin/init
                `-4026532177   user        3   426 alice unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                  `-4026532395 user        1   436 alice sleep 902
                4026531832     mnt         5     1 root  /sbin/init
                4026531833     net         6     1 root  /sbin/init
                4026531834     time       12     1 root  /sbin/init
                4026531835     cgroup     11     1 root  /sbin/init
                4026531836     pid         9     1 root  /sbin/init
                |-4026532181   pid         3   430 alice bash -c sleep 901 & unshare -U -r sleep 902 & wait
                `-4026532254   pid         3   431 root  bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                  `-4026532397 pid         1   438 root  sleep 912
                4026531838     uts         7     1 root  /sbin/init
                4026531839     ipc         7     1 root  /sbin/init
                4026531860     mnt         1    25 root  kdevtmpfs
                4026532178     mnt         4   426 alice unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532179     uts         4   426 alice unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532180     ipc         4   426 alice unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532182     net         4   426 alice unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532251     mnt         3   428 root  unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532252     uts         5   428 root  unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532253     ipc         5   428 root  unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532255     cgroup      5   428 root  unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532256     net         5   428 root  unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532325     time        4   431 root  bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532326     net         0       root \s
                4026532396     mnt         2   434 root  unshare -p -f --mount-proc sleep 912
                4026532398     net         1   440 root  sleep 921
                4026532467     mnt         1   440 root  sleep 921
                4026532468     uts         0       root \s
                4026532469     ipc         0       root \s
                """, CONTAINERS, "--tree=parent");
    }

    @Test
    void persistentOnly() {
        assertLs("""
                        NS TYPE NPROCS PID USER COMMAND
                4026532326 net       0     root\s
                4026532468 uts       0     root\s
                4026532469 ipc       0     root\s
                """, CONTAINERS, "-P");
    }

    @Test
    void task() {
        assertLs("""
                        NS TYPE   NPROCS   PID USER  COMMAND
                4026531834 time       12     1 root  /sbin/init
                4026531835 cgroup     11     1 root  /sbin/init
                4026532178 mnt         4   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532179 uts         4   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532180 ipc         4   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532181 pid         3   430 alice | `-bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532395 user        1   436 alice |   `-sleep 902
                4026532182 net         4   426 alice `-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                """, CONTAINERS, "-p", "436");
    }

    /** A namespace argument lists its processes (by their own ns link), as a tree by parent. */
    @Test
    void namespaceArgument() {
        assertLs("""
                  PID PPID USER COMMAND
                  431  428 root bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                  433  431 root |-sleep 911
                  434  431 root `-unshare -p -f --mount-proc sleep 912
                """, CONTAINERS, "4026532254");
    }

    @Test
    void raw() {
        assertLs("""
                NS TYPE NPROCS PID USER NETNSID NSFS COMMAND
                4026531833 net 6 1 root unassigned  /sbin/init
                4026532182 net 4 426 alice unassigned  |-unshare\\x20-U\\x20-r\\x20-p\\x20-f\\x20--mount-proc\\x20-n\\x20-u\\x20-i\\x20bash\\x20-c\\x20sleep\\x20901\\x20&\\x20unshare\\x20-U\\x20-r\\x20sleep\\x20902\\x20&\\x20wait
                4026532256 net 5 428 root unassigned  |-unshare\\x20-m\\x20-u\\x20-i\\x20-n\\x20-p\\x20-C\\x20-T\\x20-f\\x20--mount-proc\\x20bash\\x20-c\\x20sleep\\x20911\\x20&\\x20unshare\\x20-p\\x20-f\\x20--mount-proc\\x20sleep\\x20912\\x20&\\x20wait
                4026532398 net 1 440 root unassigned /run/netns/jnsweb `-sleep\\x20921
                4026532326 net 0  root 5 /run/netns/jnsdemo\s
                """, CONTAINERS, "-r", "-t", "net");
    }

    @Test
    void noHeadings() {
        assertLs("""
                4026531838 uts       7     1 root  /sbin/init
                4026532179 uts       4   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532252 uts       5   428 root  `-unshare -m -u -i -n -p -C -T -f --mount-proc bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532468 uts       0       root \s
                """, CONTAINERS, "-n", "-t", "uts");
    }

    @Test
    void listColumns() {
        assertLs("""
                   NAME TYPE      DESCRIPTION
                     NS <integer> namespace identifier (inode number)
                   TYPE <string>  kind of namespace
                   PATH <string>  path to the namespace
                 NPROCS <integer> number of processes in the namespace
                    PID <integer> lowest PID in the namespace
                   PPID <integer> PPID of the PID
                COMMAND <string>  command line of the PID
                    UID <integer> UID of the PID
                   USER <string>  username of the PID
                NETNSID <string>  namespace ID as used by network subsystem
                   NSFS <string>  nsfs mountpoint (usually used network subsystem)
                    PNS <integer> parent namespace identifier (inode number)
                    ONS <integer> owner namespace identifier (inode number)
                """, CONTAINERS, "-H");
    }

    /** A namespace mounted twice: NSFS lists both, one per line, or comma-separated with -W. */
    @Test
    void noWrap() throws IOException {
        Path proc = procOf(CONTAINERS);
        Path mountinfo = proc.resolve(Files.readSymbolicLink(proc.resolve("self")) + "/mountinfo");
        Files.writeString(mountinfo, "92 65 0:4 net:[4026532326] /var/run/netns/jnsdemo rw - nsfs nsfs rw\n",
                StandardOpenOption.APPEND);

        assertLs("""
                        NS TYPE NPROCS PID USER NETNSID NSFS                   COMMAND
                4026532326 net       0     root       5 /run/netns/jnsdemo    \s
                                                        /var/run/netns/jnsdemo\s
                """, CONTAINERS, "-P", "-t", "net");
        assertLs("""
                        NS TYPE NPROCS PID USER NETNSID NSFS                                      COMMAND
                4026532326 net       0     root       5 /run/netns/jnsdemo,/var/run/netns/jnsdemo\s
                """, CONTAINERS, "-P", "-t", "net", "-W");
    }

    // ---- -Q/--filter (lsns 2.41+, scols-filter(5)) ----------------------------------------------

    /**
     * The filter is tested on each row as it is added, before it takes its place in the tree (as
     * lsns's add_scols_line): a row nests under the latest row shown of its process's parent
     * (here pid 1's pid row, the only one of pid 1 left), else it goes to the top (431's parent
     * 428 has no row left; 438's parent 434 neither).
     */
    @Test
    void filterInTheProcessTree() {
        assertLs("""
                        NS TYPE  NPROCS   PID USER  COMMAND
                4026531836 pid        9     1 root  /sbin/init
                4026532177 user       3   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532178 mnt        4   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532179 uts        4   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532180 ipc        4   426 alice |-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532181 pid        3   430 alice | `-bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532395 user       1   436 alice |   `-sleep 902
                4026532182 net        4   426 alice `-unshare -U -r -p -f --mount-proc -n -u -i bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532254 pid        3   431 root  bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                4026532397 pid        1   438 root  sleep 912
                """, CONTAINERS, "-Q", "USER == \"alice\" || TYPE == \"pid\"");
    }

    /** --tree=owner: a namespace whose owner is filtered out goes to the top level, as in lsns. */
    @Test
    void filterInTheOwnerTree() {
        assertLs("""
                NS           TYPE  NPROCS   PID USER  COMMAND
                4026531837   user      12     1 root  /sbin/init
                |-4026531836 pid        9     1 root  /sbin/init
                |-4026532254 pid        3   431 root  bash -c sleep 911 & unshare -p -f --mount-proc sleep 912 & wait
                `-4026532397 pid        1   438 root  sleep 912
                4026532181   pid        3   430 alice bash -c sleep 901 & unshare -U -r sleep 902 & wait
                4026532395   user       1   436 alice sleep 902
                """, CONTAINERS, "--tree=owner", "-Q", "TYPE =~ \"^(user|pid)$\" && NS != 4026532177");
    }

    /** PNS is not shown and needs the relations read: a filter column need not be an output column. */
    @Test
    void filterOnAColumnNotShown() {
        assertLs("""
                        NS TYPE
                4026532177 user
                4026532181 pid
                4026532254 pid
                4026532395 user
                4026532397 pid
                """, CONTAINERS, "-o", "NS,TYPE", "--filter", "PNS != 0");
    }

    /**
     * && and || bind alike, left to right, as in libsmartcols: (5 || unassigned) && NPROCS > 1,
     * so the persistent jnsdemo (NETNSID 5, no process) is out; NETNSID is read for the filter alone.
     */
    @Test
    void filterAndOrBindAlikeLeftToRight() {
        String unassignedInUse = """
                4026531833 6
                4026532182 4
                4026532256 5
                """;
        assertLs(unassignedInUse, CONTAINERS, "-l", "-n", "-r", "-o", "NS,NPROCS", "-Q",
                "NETNSID == '5' || netnsid =~ '^unass' && nprocs > 1");
        assertLs(unassignedInUse + "4026532326 0\n", CONTAINERS, "-l", "-n", "-r", "-o", "NS,NPROCS", "-Q",
                "NETNSID == '5' || (netnsid =~ '^unass' && nprocs > 1)");
    }

    @Test
    void filterTheProcessesOfANamespace() {
        assertLs("""
                  PID PPID USER COMMAND
                  433  431 root sleep 911
                  434  431 root unshare -p -f --mount-proc sleep 912
                """, CONTAINERS, "4026532254", "-Q", "PPID == 431");
    }

    /** -J keeps the tree's nesting among the rows left: 4026532181 under 426's ipc row, 4026532395 under it. */
    @Test
    void filterInJson() throws IOException {
        List<JsonNode> top = iterable(json(CONTAINERS, "-Q", "COMMAND =~ \"sleep 9[01]\" && TYPE != \"mnt\"",
                "-o", "NS,TYPE,PID,COMMAND").get("namespaces").elements());

        assertEquals(List.of(4026532177L, 4026532179L, 4026532180L, 4026532182L, 4026532252L, 4026532253L,
                4026532255L, 4026532256L, 4026532397L), top.stream().map(n -> n.get("ns").asLong()).toList());
        JsonNode pid = byNs(top, 4026532180L).get("children").get(0);
        assertEquals(4026532181L, pid.get("ns").asLong());
        assertEquals(4026532395L, pid.get("children").get(0).get("ns").asLong());
        assertEquals(4026532254L, byNs(top, 4026532253L).get("children").get(0).get("ns").asLong());
        assertEquals(4026532325L, byNs(top, 4026532256L).get("children").get(0).get("ns").asLong());
        assertEquals(List.of("ns", "type", "pid", "command"), iterable(top.get(0).fieldNames()),
                "the filter's columns are not added to the output");
        assertEquals(13, flatten(json(CONTAINERS, "-Q", "COMMAND =~ \"sleep 9[01]\" && TYPE != \"mnt\"")
                .get("namespaces")).size());
    }

    static Stream<Arguments> badFilters() {
        return Stream.of(
                Arguments.of("NPROCS > 1 &&", ExitCodes.USAGE, "jns ls: invalid filter: unexpected end of the expression "
                        + "at position 14, expected a value (see 'jns ls --help')\n"),
                Arguments.of("TYPE == 'net' && BOGUS > 1", ExitCodes.USAGE, "jns ls: invalid filter: unknown column: BOGUS "
                        + "at position 18 (valid: NS, TYPE, PATH, NPROCS, PID, PPID, COMMAND, UID, USER, NETNSID, NSFS, "
                        + "PNS, ONS) (see 'jns ls --help')\n"),
                // a string column compared with a number, on a row whose value is not one: lsns's "failed to apply filter"
                Arguments.of("NETNSID > 1", ExitCodes.FAILURE,
                        "jns ls: filter: cannot compare NETNSID 'unassigned' as a number at position 9\n"));
    }

    /**
     * A filter that does not parse, or names an unknown column, is a usage error naming the
     * position (and the valid columns, as -o's); one that cannot compare a row's value fails.
     * Either way: one line, no table.
     */
    @ParameterizedTest
    @MethodSource("badFilters")
    void badFilterIsOneLineAndNoTable(String expr, int rc, String message) {
        Result r = ls(CONTAINERS, "--filter", expr);

        assertEquals(rc, r.rc());
        assertEquals("", r.out());
        assertEquals(message, r.err());
    }

    // ---- JSON ---------------------------------------------------------------------------------

    private JsonNode json(String fixture, String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of("-J"));
        a.addAll(List.of(args));
        Result r = ls(fixture, a.toArray(new String[0]));
        assertEquals(0, r.rc(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static List<JsonNode> flatten(JsonNode rows) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : rows) {
            out.add(n);
            if (n.has("children")) {
                out.addAll(flatten(n.get("children")));
            }
        }
        return out;
    }

    private static JsonNode byNs(List<JsonNode> rows, long ns) {
        return rows.stream().filter(n -> n.get("ns").asLong() == ns).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + ns));
    }

    @Test
    void jsonShapeAndTypes() throws IOException {
        JsonNode root = json(CONTAINERS);

        assertEquals(List.of("namespaces"), iterable(root.fieldNames()));
        JsonNode top = root.get("namespaces");
        assertTrue(top.isArray());
        List<JsonNode> rows = flatten(top);
        assertEquals(30, rows.size());
        JsonNode first = top.get(0);
        assertEquals(List.of("ns", "type", "nprocs", "pid", "user", "command"), iterable(first.fieldNames()));
        assertTrue(first.get("ns").isIntegralNumber(), "ns is a number");
        assertEquals(4026531832L, first.get("ns").asLong());
        assertTrue(first.get("type").isTextual());
        assertTrue(first.get("nprocs").isIntegralNumber());
        assertTrue(first.get("pid").isIntegralNumber());
        assertEquals("/sbin/init", first.get("command").asText());

        JsonNode persistent = byNs(rows, 4026532326L);
        assertTrue(persistent.get("pid").isNull(), "no process: null, not an empty string");
        assertTrue(persistent.get("command").isNull());
        assertEquals(0, persistent.get("nprocs").asInt());
    }

    @Test
    void jsonChildrenNestAsTheTree() throws IOException {
        List<JsonNode> top = iterable(json(CONTAINERS).get("namespaces").elements());

        assertEquals(List.of(4026531832L, 4026531833L, 4026531834L, 4026531835L, 4026531836L, 4026531837L,
                4026531838L, 4026531839L, 4026531860L, 4026532326L, 4026532468L, 4026532469L),
                top.stream().map(n -> n.get("ns").asLong()).toList());
        JsonNode initIpc = byNs(top, 4026531839L);
        List<JsonNode> children = iterable(initIpc.get("children").elements());
        assertEquals(12, children.size(), "the containers' outer rows hang under pid 1's last row");
        JsonNode rootlessIpc = byNs(children, 4026532180L);
        JsonNode rootlessPid = rootlessIpc.get("children").get(0);
        assertEquals(4026532181L, rootlessPid.get("ns").asLong(), "430's row under the last row of its parent 426");
        JsonNode nestedUser = rootlessPid.get("children").get(0);
        assertEquals(4026532395L, nestedUser.get("ns").asLong());
        assertEquals(436, nestedUser.get("pid").asInt());
        assertFalse(byNs(top, 4026531832L).has("children"), "no empty children arrays");
    }

    @Test
    void jsonNetnsidIsAString() throws IOException {
        List<JsonNode> rows = flatten(json(CONTAINERS, "-t", "net").get("namespaces"));

        JsonNode jnsdemo = byNs(rows, 4026532326L);
        assertTrue(jnsdemo.get("netnsid").isTextual(), "netnsid is a string");
        assertEquals("5", jnsdemo.get("netnsid").asText());
        assertEquals("/run/netns/jnsdemo", jnsdemo.get("nsfs").asText());
        assertEquals("unassigned", byNs(rows, 4026531833L).get("netnsid").asText());
        assertTrue(byNs(rows, 4026532182L).get("nsfs").isNull());
    }

    @Test
    void jsonWithoutTreeColumnIsFlatInInodeOrder() throws IOException {
        JsonNode top = json(CONTAINERS, "-o", "NS,TYPE,PNS,ONS").get("namespaces");

        List<JsonNode> rows = iterable(top.elements());
        assertEquals(30, rows.size());
        assertTrue(rows.stream().noneMatch(n -> n.has("children")));
        List<Long> ns = rows.stream().map(n -> n.get("ns").asLong()).toList();
        assertEquals(ns.stream().sorted().toList(), ns);
        assertTrue(byNs(rows, 4026532397L).get("pns").isIntegralNumber());
        assertEquals(4026532254L, byNs(rows, 4026532397L).get("pns").asLong());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    // ---- errors -------------------------------------------------------------------------------

    @Test
    void unknownTypeIsAUsageErrorListingTheTypes() {
        Result r = ls(CONTAINERS, "-t", "bogus");

        assertEquals(ExitCodes.USAGE, r.rc());
        assertEquals("", r.out());
        assertTrue(r.err().contains("unknown namespace type: bogus (valid: user, ipc, uts, net, pid, mnt, cgroup, time)"),
                r.err());
    }

    @Test
    void unknownColumnIsAUsageErrorListingTheColumns() {
        Result r = ls(CONTAINERS, "-o", "NS,BOGUS");

        assertEquals(ExitCodes.USAGE, r.rc());
        assertTrue(r.err().contains("unknown column: BOGUS (valid: NS, TYPE, PATH, NPROCS, PID, PPID, COMMAND, "
                + "UID, USER, NETNSID, NSFS, PNS, ONS)"), r.err());
    }

    @Test
    void noSuchProcess() {
        Result r = ls(CONTAINERS, "-p", "999999");

        assertEquals(ExitCodes.FAILURE, r.rc());
        assertEquals("", r.out());
        assertEquals("jns ls: no such process: 999999\n", r.err());
    }

    @Test
    void unknownNamespace() {
        Result r = ls(CONTAINERS, "4026539999");

        assertEquals(ExitCodes.FAILURE, r.rc());
        assertEquals("", r.out());
        assertEquals("jns ls: not found namespace: 4026539999\n", r.err());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("self/mountinfo", "22 27 0:21 / /proc rw,relatime - proc proc rw\nnot a mount\n",
                        new String[] {"-t", "net"}, "jns ls: ROOT/proc/self/mountinfo:2: expected 'ID PARENT MAJ:MIN "
                                + "ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS'\n"),
                Arguments.of(".nsinfo", "user 4026531837 0 0 0 -\nuser 1 2\n", new String[] {"-o", "NS,PNS"},
                        "jns ls: ROOT/proc/.nsinfo:2: expected 'TYPE INODE PARENT OWNER OWNERUID NETNSID'\n"));
    }

    /**
     * Malformed content under --proc-root that is not one process's own: exit 1, one line naming
     * file and line, no stack trace. (A malformed {@code stat} skips its process with a note:
     * ProcRootHostileTest.)
     */
    @ParameterizedTest
    @MethodSource("malformed")
    void malformedContentIsOneLineNamingFileAndLine(String file, String content, String[] args, String message)
            throws IOException {
        Path proc = procOf(CONTAINERS);
        Path target = file.startsWith("self/") ? proc.resolve(Files.readSymbolicLink(proc.resolve("self")) + file.substring(4))
                : proc.resolve(file);
        Files.writeString(target, content);

        Result r = ls(CONTAINERS, args);

        assertEquals(ExitCodes.FAILURE, r.rc());
        assertEquals("", r.out());
        assertEquals(message.replace("ROOT/proc/self/", "ROOT/proc/" + Files.readSymbolicLink(proc.resolve("self")) + "/"),
                r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {PLAIN, CONTAINERS})
    void everyTypeAndOptionRunsCleanly(String fixture) {
        for (String[] args : List.of(new String[] {"--output-all"}, new String[] {"-l", "-u"},
                new String[] {"-J", "--output-all", "--tree=parent"}, new String[] {"-T"},
                new String[] {"-t", "cgroup,time", "-o", "+PATH,PPID,UID"})) {
            Result r = ls(fixture, args);
            assertEquals(0, r.rc(), String.join(" ", args) + ": " + r.err());
            assertEquals("", r.err(), String.join(" ", args));
            assertFalse(r.out().isEmpty());
        }
    }
}
