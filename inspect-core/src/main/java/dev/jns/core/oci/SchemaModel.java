package dev.jns.core.oci;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * jns's description of the runtime-spec config.json, written by the project from the runtime-spec
 * documents (config.md, config-linux.md, ...): the type of every field, required fields, enums,
 * patterns and integer ranges, for ociVersion 1.0.0 through 1.3.x. Members and enum values added
 * after 1.0.0 carry the version that introduced them. The official JSON schema is used only by
 * the tests, as an oracle; this class neither copies nor reads it.
 *
 * <p>The "@VERSION" marks (the version that introduced a member or value) follow runtime-spec's
 * ChangeLog; a config that uses one with an older ociVersion gets a warning
 * ({@code schema.newer-than-version}), not an error, since runtimes do not check ociVersion.
 */
final class SchemaModel {
    private SchemaModel() {}

    /** The whole config. */
    static final Shape CONFIG;

    // ---- scalar shapes ---------------------------------------------------------------------

    private static Shape str() {
        return new Shape(Shape.STRING);
    }

    private static Shape bool() {
        return new Shape(Shape.BOOLEAN);
    }

    private static Shape intRange(String name, String min, String max) {
        Shape s = new Shape(Shape.INTEGER);
        s.name = name;
        if (min != null) {
            s.min = new BigInteger(min);
            s.lmin = s.min.longValue();
        }
        if (max != null) {
            s.max = new BigInteger(max);
            if (s.max.bitLength() < 64) {
                s.lmax = s.max.longValue();
            } else {
                s.bigMax = true;
            }
        }
        return s;
    }

    private static Shape integer() {
        return intRange(null, null, null);
    }

    private static final Shape INT32 = intRange("int32", "-2147483648", "2147483647");
    private static final Shape INT64 = intRange("int64", "-9223372036854775808", "9223372036854775807");
    private static final Shape UINT8 = intRange("uint8", "0", "255");
    private static final Shape UINT16 = intRange("uint16", "0", "65535");
    private static final Shape UINT32 = intRange("uint32", "0", "4294967295");
    private static final Shape UINT64 = intRange("uint64", "0", "18446744073709551615");
    private static final Shape FILE_MODE = intRange("FileMode (decimal 0..511)", "0", "511");

    private static Shape pattern(Shape.Pattern p) {
        Shape s = str();
        s.pattern = p;
        return s;
    }

    /** An enum: values, each optionally "VALUE@since". */
    private static Shape enumOf(String name, String... values) {
        Shape s = str();
        s.name = name;
        s.enumValues = new String[values.length];
        s.enumSince = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            int at = values[i].indexOf('@');
            s.enumValues[i] = at < 0 ? values[i] : values[i].substring(0, at);
            s.enumSince[i] = at < 0 ? null : values[i].substring(at + 1);
        }
        return s;
    }

    private static Shape arrayOf(Shape items) {
        Shape s = new Shape(Shape.ARRAY);
        s.items = items;
        return s;
    }

    private static final Shape STRINGS = arrayOf(str());

    /** A map of string to string (annotations, sysctl, unified). */
    private static Shape stringMap() {
        Shape s = new Shape(Shape.OBJECT);
        s.nonEmptyKeys = str();
        s.map = true;
        return s;
    }

    private static Shape mapOf(Shape values) {
        Shape s = new Shape(Shape.OBJECT);
        s.additional = values;
        s.map = true;
        return s;
    }

    /**
     * An object: {@code members} alternate a name (optionally "name@since", and "!name" when
     * required) and its shape.
     */
    private static Shape obj(Object... members) {
        Shape s = new Shape(Shape.OBJECT);
        int n = members.length / 2;
        s.propNames = new String[n];
        s.props = new Shape[n];
        s.propSince = new String[n];
        String[] req = new String[n];
        int nreq = 0;
        for (int i = 0; i < n; i++) {
            String name = (String) members[2 * i];
            if (name.startsWith("!")) {
                name = name.substring(1);
                req[nreq++] = name.indexOf('@') < 0 ? name : name.substring(0, name.indexOf('@'));
            }
            int at = name.indexOf('@');
            s.propNames[i] = at < 0 ? name : name.substring(0, at);
            s.propSince[i] = at < 0 ? null : name.substring(at + 1);
            s.props[i] = (Shape) members[2 * i + 1];
        }
        s.required = Arrays.copyOf(req, nreq);
        return s;
    }

    static {
        Shape idMapping = obj("!containerID", UINT32, "!hostID", UINT32, "!size", UINT32);
        Shape hook = obj("!path", str(), "args", STRINGS, "env", STRINGS, "timeout", intRange(null, "1", null));
        Shape hooks = arrayOf(hook);
        Shape mount = obj("source", str(), "!destination", str(), "options", STRINGS, "type", str(),
                "uidMappings@1.1.0", arrayOf(idMapping), "gidMappings@1.1.0", arrayOf(idMapping));

        Shape minItems1Strings = arrayOf(str());
        minItems1Strings.minItems = 1;

        Shape process = obj(
                "args", STRINGS,
                "commandLine@1.0.2", str(),
                "consoleSize", obj("!height", UINT64, "!width", UINT64),
                "!cwd", str(),
                "env", STRINGS,
                "terminal", bool(),
                "user", obj("uid", UINT32, "gid", UINT32, "umask@1.0.2", UINT32, "additionalGids", arrayOf(UINT32),
                        "username", str()),
                "capabilities", obj("bounding", STRINGS, "permitted", STRINGS, "effective", STRINGS,
                        "inheritable", STRINGS, "ambient", STRINGS),
                "apparmorProfile", str(),
                "oomScoreAdj", integer(),
                "selinuxLabel", str(),
                "ioPriority@1.1.0", obj("!class", enumOf("IOPriorityClass", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE",
                        "IOPRIO_CLASS_IDLE"), "priority", INT32),
                "noNewPrivileges", bool(),
                "scheduler@1.1.0", obj(
                        "!policy", enumOf("SchedulerPolicy", "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH",
                                "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE"),
                        "nice", INT32, "priority", INT32,
                        "flags", arrayOf(enumOf("SchedulerFlag", "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM",
                                "SCHED_FLAG_DL_OVERRUN", "SCHED_FLAG_KEEP_POLICY", "SCHED_FLAG_KEEP_PARAMS",
                                "SCHED_FLAG_UTIL_CLAMP_MIN", "SCHED_FLAG_UTIL_CLAMP_MAX")),
                        "runtime", UINT64, "deadline", UINT64, "period", UINT64),
                "rlimits", arrayOf(obj("!type", pattern(Shape.Pattern.RLIMIT), "!soft", UINT64, "!hard", UINT64)),
                "execCPUAffinity@1.2.1", obj("initial", pattern(Shape.Pattern.CPU_LIST),
                        "final", pattern(Shape.Pattern.CPU_LIST)));

        Shape major = INT64;
        Shape minor = INT64;
        Shape weight = UINT16;
        Shape throttle = arrayOf(obj("!major", major, "!minor", minor, "rate", UINT64));
        Shape device = obj("!type", pattern(Shape.Pattern.FILE_TYPE), "!path", str(), "fileMode", FILE_MODE,
                "major", major, "minor", minor, "uid", UINT32, "gid", UINT32);
        Shape resources = obj(
                "unified@1.1.0", stringMap(),
                "devices", arrayOf(obj("!allow", bool(), "type", str(), "major", major, "minor", minor,
                        "access", str())),
                "pids", obj("!limit", INT64),
                "blockIO", obj("weight", weight, "leafWeight", weight,
                        "throttleReadBpsDevice", throttle, "throttleWriteBpsDevice", throttle,
                        "throttleReadIOPSDevice", throttle, "throttleWriteIOPSDevice", throttle,
                        "weightDevice", arrayOf(obj("!major", major, "!minor", minor, "weight", weight,
                                "leafWeight", weight))),
                "cpu", obj("cpus", str(), "mems", str(), "period", UINT64, "quota", INT64, "burst@1.1.0", UINT64,
                        "realtimePeriod", UINT64, "realtimeRuntime", INT64, "shares", UINT64, "idle@1.1.0", INT64),
                "hugepageLimits", arrayOf(obj("!pageSize", pattern(Shape.Pattern.PAGE_SIZE), "!limit", UINT64)),
                "memory", obj("kernel", INT64, "kernelTCP", INT64, "limit", INT64, "reservation", INT64,
                        "swap", INT64, "swappiness", UINT64, "disableOOMKiller", bool(), "useHierarchy@1.0.2", bool(),
                        "checkBeforeUpdate@1.1.0", bool()),
                "network", obj("classID", UINT32, "priorities", arrayOf(obj("!name", str(), "!priority", UINT32))),
                "rdma@1.0.2", mapOf(obj("hcaHandles", UINT32, "hcaObjects", UINT32)));

        Shape seccompAction = enumOf("SeccompAction", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS@1.1.0",
                "SCMP_ACT_KILL_THREAD@1.1.0", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW",
                "SCMP_ACT_LOG@1.0.2", "SCMP_ACT_NOTIFY@1.1.0");
        Shape seccomp = obj(
                "!defaultAction", seccompAction,
                "defaultErrnoRet@1.1.0", UINT32,
                "flags@1.0.2", arrayOf(enumOf("SeccompFlag", "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                        "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV@1.1.0")),
                "listenerPath@1.1.0", str(),
                "listenerMetadata@1.1.0", str(),
                "architectures", arrayOf(enumOf("SeccompArch", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32",
                        "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64", "SCMP_ARCH_LOONGARCH64@1.2.1", "SCMP_ARCH_M68K@1.2.1",
                        "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL",
                        "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
                        "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_SH@1.2.1",
                        "SCMP_ARCH_SHEB@1.2.1", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64@1.1.0")),
                "syscalls", arrayOf(obj("!names", minItems1Strings, "!action", seccompAction,
                        "errnoRet@1.1.0", UINT32,
                        "args", arrayOf(obj("!index", UINT32, "!value", UINT64, "valueTwo", UINT64,
                                "!op", enumOf("SeccompOperators", "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",
                                        "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"))))));
        Shape timeOffset = obj("secs", INT64, "nanosecs", UINT32);
        Shape linux = obj(
                "devices", arrayOf(device),
                "netDevices@1.3.0", mapOf(obj("name", str())),
                "uidMappings", arrayOf(idMapping),
                "gidMappings", arrayOf(idMapping),
                "namespaces", arrayOf(obj("!type", enumOf("NamespaceType", "mount", "pid", "network", "uts", "ipc",
                        "user", "cgroup", "time@1.1.0"), "path", str())),
                "resources", resources,
                "cgroupsPath", str(),
                "rootfsPropagation", enumOf("RootfsPropagation", "private", "shared", "slave", "unbindable"),
                "seccomp", seccomp,
                "sysctl", stringMap(),
                "maskedPaths", STRINGS,
                "readonlyPaths", STRINGS,
                "mountLabel", str(),
                "intelRdt", obj("closID@1.0.2", str(), "schemata@1.3.0", STRINGS, "l3CacheSchema", str(),
                        "memBwSchema@1.0.2", pattern(Shape.Pattern.MB_SCHEMA), "enableMonitoring@1.3.0", bool()),
                "memoryPolicy@1.3.0", obj("mode", enumOf("MemoryPolicyMode", "MPOL_DEFAULT", "MPOL_BIND",
                        "MPOL_INTERLEAVE", "MPOL_WEIGHTED_INTERLEAVE", "MPOL_PREFERRED", "MPOL_PREFERRED_MANY",
                        "MPOL_LOCAL"), "nodes", str(), "flags", arrayOf(enumOf("MemoryPolicyFlag",
                        "MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES", "MPOL_F_STATIC_NODES"))),
                "personality@1.0.2", obj("domain", enumOf("PersonalityDomain", "LINUX", "LINUX32"), "flags", STRINGS),
                "timeOffsets@1.1.0", obj("boottime", timeOffset, "monotonic", timeOffset));

        Shape solaris = obj("milestone", str(), "limitpriv", str(), "maxShmMemory", str(),
                "cappedCPU", obj("ncpus", str()), "cappedMemory", obj("physical", str(), "swap", str()),
                "anet", arrayOf(obj("linkname", str(), "lowerLink", str(), "allowedAddress", str(),
                        "configureAllowedAddress", str(), "defrouter", str(), "macAddress", str(),
                        "linkProtection", str())));

        Shape layerFolders = arrayOf(str());
        layerFolders.minItems = 1;
        Shape credentialSpec = new Shape(Shape.OBJECT);
        credentialSpec.map = true;
        Shape windows = obj(
                "!layerFolders", layerFolders,
                "devices@1.0.2", arrayOf(obj("!id", str(), "!idType", enumOf("IDType", "class"))),
                "resources", obj(
                        "memory", obj("limit", UINT64),
                        "cpu", obj("count", UINT64, "shares", UINT16, "maximum", UINT16,
                                "affinity@1.2.1", obj("mask", UINT64, "group", UINT32)),
                        "storage", obj("iops", UINT64, "bps", UINT64, "sandboxSize", UINT64)),
                "network", obj("endpointList", STRINGS, "allowUnqualifiedDNSQuery", bool(), "DNSSearchList", STRINGS,
                        "networkSharedContainerName", str(), "networkNamespace@1.0.2", str()),
                "credentialSpec", credentialSpec,
                "servicing", bool(),
                "ignoreFlushesDuringBoot", bool(),
                "hyperv", obj("utilityVMPath", str()));

        Shape vm = obj(
                "hypervisor", obj("!path", str(), "parameters", STRINGS),
                "!kernel", obj("!path", str(), "parameters", STRINGS, "initrd", str()),
                "image", obj("!path", str(), "!format", enumOf("RootImageFormat", "raw", "qcow2", "vdi", "vmdk",
                        "vhd")),
                "hwConfig@1.3.0", obj("deviceTree", str(), "vcpus", UINT32, "memory", UINT64, "dtdevs", STRINGS,
                        "iomems", arrayOf(obj("firstGFN", UINT64, "!firstMFN", UINT64, "!nrMFNs", UINT64)),
                        "irqs", arrayOf(UINT32)));

        Shape zos = obj("namespaces", arrayOf(obj("!type", enumOf("NamespaceType", "mount", "pid", "uts", "ipc"),
                "path", str())));

        Shape sharing = enumOf("SharingMode", "disable", "new", "inherit");
        Shape sharingNoDisable = enumOf("SharingMode", "new", "inherit");
        Shape freebsd = obj(
                "devices", arrayOf(obj("path", str(), "mode", FILE_MODE)),
                "jail", obj("parent", str(), "host", sharingNoDisable, "ip4", sharing, "ip4Addr", STRINGS,
                        "ip6", sharing, "ip6Addr", STRINGS, "vnet", sharingNoDisable, "interface", str(),
                        "vnetInterfaces", STRINGS, "sysvmsg", sharing, "sysvsem", sharing, "sysvshm", sharing,
                        "enforceStatfs", UINT8,
                        "allow", obj("setHostname", bool(), "rawSockets", bool(), "chflags", bool(), "mount", STRINGS,
                                "quotas", bool(), "socketAf", bool(), "mlock", bool(), "reservedPorts", bool(),
                                "suser", bool())));

        CONFIG = obj(
                "!ociVersion", str(),
                "hooks", obj("prestart", hooks, "createRuntime@1.0.2", hooks, "createContainer@1.0.2", hooks,
                        "startContainer@1.0.2", hooks, "poststart", hooks, "poststop", hooks),
                "annotations", stringMap(),
                "hostname", str(),
                "domainname@1.1.0", str(),
                "mounts", arrayOf(mount),
                "root", obj("!path", str(), "readonly", bool()),
                "process", process,
                "linux", linux,
                "solaris", solaris,
                "windows", windows,
                "vm@1.0.2", vm,
                "zos@1.1.0", zos,
                "freebsd@1.3.0", freebsd);
    }
}
