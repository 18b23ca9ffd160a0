package dev.jns.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code jns cgtop -M NAME} against machined itself: the cgroup jns shows for each running machine
 * is the one {@code machinectl show NAME -p ControlGroup --value} names (systemd asked over D-Bus,
 * as systemd-cgtop does). Needs root, machinectl and a running machine: it makes none, because
 * starting a container (systemd-nspawn, an OS tree) is more than a test should do to a host.
 */
@Tag("live")
class CgtopMachineLiveTest {
    @Test
    void eachMachinesCgroupIsTheOneMachinedNames() throws Exception {
        assumeTrue(Live.isRoot(), "needs root to read every machine's cgroup; euid is " + Live.euid());
        assumeTrue(Live.tool("machinectl").isPresent(), "needs machinectl (systemd-container) and systemd-machined");
        Live.Result list = Live.run("machinectl", "list", "--no-legend", "--no-pager");
        assumeTrue(list.rc() == 0, "systemd-machined is not running (machinectl list: " + list.err().strip() + ")");
        List<String> names = list.out().lines().map(l -> l.trim().split("\\s+")[0]).filter(n -> !n.isEmpty()).toList();
        assumeTrue(!names.isEmpty(), "no machine is running (start one, e.g. systemd-nspawn -b -M test -D TREE)");
        for (String name : names) {
            Live.Result cg = Live.run("machinectl", "show", name, "-p", "ControlGroup", "--value");
            assertEquals(0, cg.rc(), cg.err());
            Live.Result jns = Live.jns("cgtop", "--json", "-1", "-d", "100ms", "--depth", "0", "-M", name);
            assertEquals(0, jns.rc(), jns.err());
            String path = new ObjectMapper().readTree(jns.out()).get("cgroups").get(0).get("path").asText();
            assertEquals(cg.out().strip(), path, "machine " + name);
        }
    }
}
