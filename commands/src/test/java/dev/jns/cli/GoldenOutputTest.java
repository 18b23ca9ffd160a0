package dev.jns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jns.cli.output.Terminal;
import dev.jns.core.testing.ProcFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The text of {@code jns cg show}, {@code jns cg ls}, {@code jns cgtop -b} and {@code jns top -b}
 * on the fixtures of inspect-core, byte for byte, against {@code src/test/resources/golden/}. The
 * files were recorded with the build before the figures, the sampler and the table renderer were
 * shared (issue 12), so that those moves keep every output. After an intended change of an output,
 * record them again: {@code mvn ... -Djns.golden.record=DIR} writes each output to {@code DIR}.
 */
class GoldenOutputTest {
    @TempDir
    static Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "cg-show-v1-docker     | cgroup-v1     | plain | cg show /system.slice/docker-abc.scope",
        "cg-show-v2-docker     | cgroup-v2     | plain | cg show /system.slice/docker-abc.scope",
        "cg-show-hybrid-docker | cgroup-hybrid | plain | cg show /system.slice/docker-abc.scope",
        "cg-show-v1-root       | cgroup-v1     | plain | cg show /",
        "cg-show-v2-root       | cgroup-v2     | plain | cg show /",
        "cg-show-hybrid-pid    | cgroup-hybrid | plain | cg show 2701",
        "cg-show-v2-json       | cgroup-v2     | plain | cg show --json /system.slice/docker-abc.scope",
        "cg-show-hybrid-json   | cgroup-hybrid | plain | cg show --json 2701",
        "cg-ls-hybrid          | cgroup-hybrid | utf8  | cg ls",
        "cg-ls-v2-json         | cgroup-v2     | plain | cg ls --json",
        "cgtop-v1-extra        | cgroup-v1     | tty   | cgtop -b -1 -d 1ms --depth 9 -o memlimit,mem%,swap,anon,file,thr%,cpulimit,pidslimit,psi-cpu,psi-mem,psi-io",
        "cgtop-v2-extra        | cgroup-v2     | tty   | cgtop -b -1 -d 1ms --depth 9 -o memlimit,mem%,swap,anon,file,thr%,cpulimit,pidslimit,psi-cpu,psi-mem,psi-io",
        "cgtop-hybrid-extra    | cgroup-hybrid | tty   | cgtop -b -1 -d 1ms --depth 9 -m -o memlimit,mem%,swap,anon,file,thr%,cpulimit,pidslimit,psi-cpu,psi-mem,psi-io",
        "cgtop-v1-time-raw     | cgroup-v1     | tty   | cgtop -b -1 -d 1ms --cpu=time -r -P",
        "cgtop-v2-time         | cgroup-v2     | plain | cgtop -b -1 -d 1ms --cpu=time -k",
        "cgtop-v1-swap         | cgroup-v1     | tty   | cgtop -b -1 -d 1ms --depth 9 --order=swap",
        "top-v2-cgroups        | cgroup-v2     | plain | top -b --view cgroups -d 1ms",
        "top-container-processes | container-host | plain | top -b --view processes -d 1ms",
        "top-container-namespaces | container-host | utf8 | top -b --view namespaces -d 1ms",
    })
    void outputIsAsRecorded(String name, String fixture, String terminal, String args) throws IOException {
        Path root = tmp.resolve(fixture);
        if (!Files.isDirectory(root)) {
            ProcFixture.unpack("fixtures/" + fixture + ".txt", root);
        }
        List<String> all = new ArrayList<>(List.of("--proc-root", root.resolve("proc").toString(),
                "--sys-root", root.toString()));
        all.addAll(Arrays.asList(args.split(" ")));
        Terminal t = switch (terminal) {
            case "tty" -> new Terminal(true, 0, false, false);
            case "utf8" -> new Terminal(false, 0, false, true);
            default -> Terminal.plain();
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(t, new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
        // the fixture's temporary directory shows where a path of it is printed (a bind mount)
        String got = ("rc=" + rc + "\n" + out + (err.toString().isEmpty() ? "" : "--- stderr\n" + err))
                .replace(root.toString(), "$ROOT");
        String record = System.getProperty("jns.golden.record");
        if (record != null) {
            Files.createDirectories(Path.of(record));
            Files.writeString(Path.of(record, name + ".txt"), got, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(golden(name), got, name);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = GoldenOutputTest.class.getResourceAsStream("/golden/" + name + ".txt")) {
            if (in == null) {
                throw new IOException("no golden file golden/" + name + ".txt (record it: -Djns.golden.record=DIR)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
