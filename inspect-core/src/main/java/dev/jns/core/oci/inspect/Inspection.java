package dev.jns.core.oci.inspect;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a container started from one OCI runtime config will be, in plain terms. Produced by
 * {@link Inspector}. A {@code null} field means the config does not say, or says it in a shape
 * the inspector does not understand (inspection is not validation: odd shapes are skipped).
 *
 * @param file the config.json read
 * @param ociVersion the {@code ociVersion} string
 * @param process the process, or null when the config has none
 * @param root the root filesystem, or null when the config has none
 * @param hostname the hostname
 * @param namespaces one entry per namespace type (runc's order, then any unknown types)
 * @param mounts the mounts in config order
 * @param cgroupsPath {@code linux.cgroupsPath}
 * @param limits cgroup limits from {@code linux.resources}, flattened to dotted keys
 * @param devices device cgroup rules, one line each ("deny all rwm", "allow c 1:3 rwm")
 * @param capabilities the capability sets
 * @param security seccomp, AppArmor, SELinux, masked and read-only paths
 * @param users whether the container has a user namespace and what its root is on the host
 * @param hooks the hooks: programs the runtime runs around the container's life
 * @param risks the risk summary, most serious first
 */
public record Inspection(Path file, String ociVersion, Process process, Root root, String hostname,
        List<Namespace> namespaces, List<Mount> mounts, String cgroupsPath, List<Limit> limits,
        List<String> devices, Capabilities capabilities, Security security, Users users, List<Hook> hooks,
        List<Risk> risks) {

    /** This inspection with the given risk summary. */
    public Inspection withRisks(List<Risk> summary) {
        return new Inspection(file, ociVersion, process, root, hostname, namespaces, mounts, cgroupsPath, limits,
                devices, capabilities, security, users, hooks, List.copyOf(summary));
    }

    /** The ids of the risks, in order. */
    public List<String> riskIds() {
        List<String> ids = new java.util.ArrayList<>();
        for (Risk r : risks) {
            ids.add(r.id());
        }
        return ids;
    }

    /** How the container gets a namespace. */
    public enum Mode {
        /** A new namespace is created. */
        NEW("new"),
        /** An existing namespace is joined by path. */
        JOINED("joined"),
        /** No entry: the container stays in the runtime's (normally the host's) namespace. */
        HOST("host"),
        /** The namespaces list has a shape the inspector does not understand. */
        UNKNOWN("unknown");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        /** The lower-case name used in output. */
        public String label() {
            return label;
        }
    }

    /**
     * @param args the command line
     * @param uid {@code user.uid}; null when absent (runc then runs as 0)
     * @param gid {@code user.gid}
     * @param additionalGids {@code user.additionalGids}
     * @param cwd the working directory
     * @param env the environment, as given
     * @param terminal whether a terminal is attached
     * @param noNewPrivileges whether {@code no_new_privs} is set
     */
    public record Process(List<String> args, Long uid, Long gid, List<Long> additionalGids, String cwd,
            List<String> env, Boolean terminal, Boolean noNewPrivileges) {}

    /** @param path the rootfs path, relative to the bundle unless absolute; @param readonly whether it is mounted read-only */
    public record Root(String path, boolean readonly) {}

    /**
     * @param type the namespace type, as in the config (pid, network, ...)
     * @param mode new, joined, host or unknown
     * @param path the joined namespace's path
     * @param meaning what this means for the container, one line
     */
    public record Namespace(String type, Mode mode, String path, String meaning) {}

    /**
     * @param destination where it is mounted in the container
     * @param type the filesystem type ({@code bind} for bind mounts)
     * @param source the source: a host path for bind mounts
     * @param options the mount options
     * @param bind whether it is a bind mount of a host path
     * @param readonly whether it is mounted read-only
     */
    public record Mount(String destination, String type, String source, List<String> options, boolean bind,
            boolean readonly) {}

    /** @param key dotted key under linux.resources (memory.limit, pids.limit, cpu.quota, unified.memory.max) */
    public record Limit(String key, String value) {}

    /**
     * @param sets each set present in the config (bounding, effective, ...) and its capabilities;
     *     null when {@code process.capabilities} is absent or not an object
     * @param all every capability in any set, sorted
     * @param beyondRuncDefault those not in runc spec's default set
     * @param beyondDockerDefault those not in Docker's default set
     */
    public record Capabilities(Map<String, List<String>> sets, List<String> all, List<String> beyondRuncDefault,
            List<String> beyondDockerDefault) {}

    /**
     * @param seccomp the seccomp filter, or null when there is none
     * @param apparmorProfile {@code process.apparmorProfile}
     * @param selinuxLabel {@code process.selinuxLabel}
     * @param mountLabel {@code linux.mountLabel}
     * @param maskedPaths {@code linux.maskedPaths}
     * @param readonlyPaths {@code linux.readonlyPaths}
     */
    public record Security(Seccomp seccomp, String apparmorProfile, String selinuxLabel, String mountLabel,
            List<String> maskedPaths, List<String> readonlyPaths) {}

    /**
     * @param defaultAction the action for system calls no rule names
     * @param rules the number of syscall rules
     * @param architectures the architectures
     */
    public record Seccomp(String defaultAction, int rules, List<String> architectures) {}

    /**
     * @param userNamespace new, joined, host or unknown
     * @param uidMappings {@code linux.uidMappings}
     * @param gidMappings {@code linux.gidMappings}
     * @param rootless whether the container's root is not the host's root: a user namespace whose
     *     mappings leave host uid 0 out; null when it cannot be told (a joined user namespace)
     * @param summary one line: rootless or not, and why
     */
    public record Users(Mode userNamespace, List<IdMapping> uidMappings, List<IdMapping> gidMappings,
            Boolean rootless, String summary) {}

    /** One id mapping: container ids {@code containerId..+size} are host ids {@code hostId..+size}. */
    public record IdMapping(long containerId, long hostId, long size) {
        /** Whether container id {@code id} is in this mapping. */
        public boolean coversContainerId(long id) {
            return id >= containerId && id - containerId < size;
        }

        /** Whether host id {@code id} is in this mapping. */
        public boolean coversHostId(long id) {
            return id >= hostId && id - hostId < size;
        }

        /** Whether any of {@code maps} covers container id {@code id}. */
        public static boolean mapsContainerId(List<IdMapping> maps, long id) {
            for (IdMapping m : maps) {
                if (m.coversContainerId(id)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return containerId + "->" + hostId + (size == 1 ? "" : " (" + size + ")");
        }
    }

    /**
     * One hook.
     *
     * @param stage prestart, createRuntime, createContainer, startContainer, poststart or poststop
     * @param path the program
     * @param args its argv, as given (null when absent)
     * @param onHost whether it runs in the runtime's (the host's) namespaces rather than the container's
     */
    public record Hook(String stage, String path, List<String> args, boolean onHost) {}

    /** One risk: a stable id (see {@link Risks}) and a one-line explanation. */
    public record Risk(String id, String message) {}
}
