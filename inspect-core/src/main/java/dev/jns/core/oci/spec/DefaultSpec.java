package dev.jns.core.oci.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jns.core.oci.inspect.CapabilityNames;
import dev.jns.core.oci.inspect.JsonText;
import java.util.List;

/**
 * A default OCI runtime config, as {@code runc spec} (runc 1.1) writes it: a busybox-style
 * {@code sh} in new PID, network, IPC, UTS and mount namespaces, runc's three default
 * capabilities, a read-only {@code rootfs}, masked and read-only /proc and /sys paths. One
 * difference: the ambient set is empty (runc spec lists the three capabilities there without
 * listing them in inheritable, so they are never raised), so that {@code jns oci validate --strict}
 * passes on it.
 * The rootless variant follows {@code runc spec --rootless}: a user namespace mapping container
 * root to the invoking user, no network namespace and no device rules, /sys bound from the host,
 * and no {@code gid=5} on devpts.
 */
public final class DefaultSpec {
    /**
     * The runtime-spec version written: the one runc 1.1 (Debian 12's runc 1.1.5) reports as
     * {@code spec: 1.0.2-dev} and writes in {@code runc spec}. runc does not check the version
     * (runc#1846). crun 1.8 was not tried: it runs no container on this hybrid-cgroup host.
     */
    public static final String OCI_VERSION = "1.0.2-dev";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * What to generate.
     *
     * @param args the process's command line (runc's default is {@code sh})
     * @param terminal whether the process gets a terminal (runc's default: yes; a run without a
     *     terminal on stdin needs no)
     * @param rootless a rootless config for the invoking user
     * @param uid the invoking user's uid, mapped to container root when rootless
     * @param gid the invoking user's gid, likewise
     */
    public record Options(List<String> args, boolean terminal, boolean rootless, long uid, long gid) {
        public Options {
            args = List.copyOf(args);
            if (args.isEmpty()) {
                throw new IllegalArgumentException("args must not be empty");
            }
        }

        /** runc spec's defaults: {@code sh} on a terminal, not rootless. */
        public static Options defaults() {
            return new Options(List.of("sh"), true, false, 0, 0);
        }
    }

    private DefaultSpec() {}

    /** The config as a JSON tree, keys in runc's order. */
    public static ObjectNode generate(Options o) {
        ObjectNode c = F.objectNode();
        c.put("ociVersion", OCI_VERSION);
        ObjectNode p = c.putObject("process");
        p.put("terminal", o.terminal());
        ObjectNode user = p.putObject("user");
        user.put("uid", 0);
        user.put("gid", 0);
        strings(p.putArray("args"), o.args());
        strings(p.putArray("env"), List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "TERM=xterm"));
        p.put("cwd", "/");
        ObjectNode caps = p.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            strings(caps.putArray(set), CapabilityNames.RUNC_DEFAULT);
        }
        // runc spec lists the three in ambient too, but not in inheritable, so the kernel never raises
        // them (PR_CAP_AMBIENT_RAISE needs the capability in both permitted and inheritable) and runc
        // drops them: the container runs without them either way. jns keeps the member, empty, so its
        // default passes its own --strict (process.capabilities.ambient-not-inheritable) without
        // giving the process more than runc's default does.
        caps.putArray("ambient");
        ObjectNode nofile = p.putArray("rlimits").addObject();
        nofile.put("type", "RLIMIT_NOFILE");
        nofile.put("hard", 1024);
        nofile.put("soft", 1024);
        p.put("noNewPrivileges", true);
        ObjectNode root = c.putObject("root");
        root.put("path", "rootfs");
        root.put("readonly", true);
        c.put("hostname", "runc");
        ArrayNode mounts = c.putArray("mounts");
        mount(mounts, "/proc", "proc", "proc");
        mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
        if (o.rootless()) {
            // gid 5 (tty) is not mapped in a rootless user namespace
            mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666",
                    "mode=0620");
        } else {
            mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666",
                    "mode=0620", "gid=5");
        }
        mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        if (o.rootless()) {
            // a new sysfs needs a network namespace owned by the user namespace; bind the host's
            mount(mounts, "/sys", "none", "/sys", "rbind", "nosuid", "noexec", "nodev", "ro");
        } else {
            mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        }
        mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro");
        ObjectNode linux = c.putObject("linux");
        if (o.rootless()) {
            mapping(linux.putArray("uidMappings"), o.uid());
            mapping(linux.putArray("gidMappings"), o.gid());
        } else {
            ObjectNode deny = linux.putObject("resources").putArray("devices").addObject();
            deny.put("allow", false);
            deny.put("access", "rwm");
        }
        ArrayNode ns = linux.putArray("namespaces");
        List<String> types = o.rootless() ? List.of("pid", "ipc", "uts", "mount", "user")
                : List.of("pid", "network", "ipc", "uts", "mount");
        for (String t : types) {
            ns.addObject().put("type", t);
        }
        strings(linux.putArray("maskedPaths"), List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
                "/proc/scsi"));
        strings(linux.putArray("readonlyPaths"), List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                "/proc/sysrq-trigger"));
        return c;
    }

    /**
     * A config as text: pretty-printed with 2-space indents, {@code "key": value}, one array
     * element per line, {@code \n} line ends and a final newline. The same tree gives the same bytes.
     */
    public static String toJson(JsonNode config) {
        return JsonText.pretty(config) + "\n";
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
        ObjectNode m = mounts.addObject();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        if (options.length > 0) {
            strings(m.putArray("options"), List.of(options));
        }
    }

    private static void mapping(ArrayNode list, long hostId) {
        ObjectNode m = list.addObject();
        m.put("containerID", 0);
        m.put("hostID", hostId);
        m.put("size", 1);
    }

    private static void strings(ArrayNode a, List<String> values) {
        for (String v : values) {
            a.add(v);
        }
    }
}
