/*
 * jns-nsexec: the single-threaded native step of `jns enter` (and later `jns unshare`).
 *
 * A JVM is multi-threaded before main() runs, and the kernel refuses setns() into a user
 * namespace (EINVAL) and into a time namespace (EUSERS) from a multi-threaded process; the JVM
 * must never fork itself either (java-native.md). So jns parses and checks the command line in
 * Java, then starts this small static program, which joins the namespaces in nsenter's order and
 * execs the command. One code path for all eight types; no JNI, no library loaded into the JVM.
 *
 * Usage (built by jns, not meant for people):
 *   jns-nsexec [--ns TYPE=FILE]... [--fork] [--root DIR] [--wd DIR] [--wdns DIR]
 *              [--uid N] [--gid N] [--keep-credentials] [--environ FILE [--env-unsafe] [--verbose]]
 *              [--cgroup-procs FILE] -- COMMAND [ARG]...
 * TYPE is one of user cgroup ipc uts net pid mnt time. Every FILE and DIR is opened before the
 * first setns, as nsenter does, so paths refer to the caller's view.
 *
 * With --new TYPE (repeatable) it creates namespaces instead, in unshare(1)'s order:
 *   jns-nsexec --new TYPE... [--fork] [--map-user UID] [--map-group GID] [--setgroups allow|deny]
 *              [--propagation private|shared|slave|unchanged] [--hostname NAME] [--mount-proc DIR]
 *              [--root DIR] [--wd DIR] [--kill-child SIG] [--monotonic SECS] [--boottime SECS]
 *              [--uid-range 'INNER OUTER COUNT']... [--gid-range ...]...
 *              [--persist TYPE=FILE]... [--cgroup-procs FILE]... -- COMMAND [ARG]...
 * With --cgroup DIR (repeatable; jns unshare's limits) it forks first: the child joins each DIR and
 * goes on as above; the parent waits and removes the DIRs (see "The reaper" below). With
 * --on-event FILE KEY MESSAGE (repeatable), it says "MESSAGE" when the counter KEY in FILE is
 * above 0 once the command ended (the first such one only).
 *
 * Exit status: the command's; 128+N when it was killed by signal N; 126 when the command cannot
 * be executed, 127 when it is not found; 125 for a failure of this program itself, with one line
 * "jns-nsexec: ..." on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <dirent.h>
#include <limits.h>
#include <time.h>
#include <sys/syscall.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif

#define FAIL 125

/* nsenter's order: user, cgroup, ipc, uts, net, pid, mnt, time. */
static const struct { const char *name; int flag; } TYPES[] = {
    {"user", CLONE_NEWUSER}, {"cgroup", CLONE_NEWCGROUP}, {"ipc", CLONE_NEWIPC}, {"uts", CLONE_NEWUTS},
    {"net", CLONE_NEWNET}, {"pid", CLONE_NEWPID}, {"mnt", CLONE_NEWNS}, {"time", CLONE_NEWTIME},
};
#define NTYPES 8

/* The name in messages: the jns command that runs this helper. */
static const char *prog = "jns";
static int ns_fd[NTYPES];
static int create[NTYPES];
static const char *persist_file[NTYPES];
static const char *ns_path[NTYPES];
static int entered[NTYPES];

/* The command's process once forked: killed if this program fails after the fork. */
static pid_t forked_child = -1;

static void die(const char *what, const char *arg) {
    if (forked_child > 0)
        kill(forked_child, SIGKILL);
    if (arg)
        fprintf(stderr, "%s: %s %s: %s\n", prog, what, arg, strerror(errno));
    else
        fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(FAIL);
}

static int open_or_die(const char *path, int flags) {
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        die("cannot open", path);
    return fd;
}

/*
 * -e: the target's environment, from /proc/PID/environ. The target writes that file, so it is
 * read as hostile input: at most ENVIRON_MAX bytes (more is a failure, not a silent cut), a last
 * entry without its NUL is taken as it is, entries without '=' or with an empty name are
 * skipped, a name given twice keeps its first value (what getenv() in the target returns, and
 * what nsenter -e keeps), and the work is linear in the number of entries.
 *
 * Unless --env-unsafe is given, it leaves out what would load or run code in the command before
 * the command's own code runs, and the variables that name places in a file system when the
 * command does not run in the target's files; see env_unsafe_name() and ENV_PLACES.
 */

/* The kernel starts a program with at most 6 MiB of arguments and environment (fs/exec.c: 3/4
   of _STK_LIM); only a CAP_SYS_RESOURCE process can make its environ larger (PR_SET_MM). */
#define ENVIRON_MAX (6 << 20)

/*
 * Never taken from a target without --env-unsafe. The dynamic loader's and the C library's:
 * every LD_ name, MALLOC_ (glibc's malloc settings), GLIBC_TUNABLES and the rest of glibc's
 * UNSECURE_ENVVARS (sysdeps/generic/unsecvars.h), which glibc itself erases for set-user-ID
 * programs. Then what makes a shell or an interpreter run code at start-up: bash's BASH_ENV,
 * exported functions (BASH_FUNC_name%%), SHELLOPTS, BASHOPTS, prompts (expanded, with command
 * substitution) and PROMPT_COMMAND; ENV (sh -i); ZDOTDIR (zsh); IFS; Python, Perl, Ruby, Node
 * and Java options and module paths.
 */
static const char *const ENV_UNSAFE[] = {
    "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES", "LOCALDOMAIN", "LOCPATH", "NIS_PATH",
    "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TMPDIR", "TZDIR",
    "BASH_ENV", "ENV", "ZDOTDIR", "SHELLOPTS", "BASHOPTS", "PS0", "PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND",
    "IFS", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "PERL5LIB", "PERLLIB", "PERL5OPT",
    "PERL5DB", "RUBYLIB", "RUBYOPT", "NODE_OPTIONS", "NODE_PATH", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
    "_JAVA_OPTIONS", NULL,
};
static const char *const ENV_UNSAFE_PREFIXES[] = {"LD_", "MALLOC_", "BASH_FUNC_", NULL};

/* Names of places in a file system (where commands are, the shell programs start, where
   start-up files are): the caller's unless the command runs in the target's files (-m, -r, -a). */
static const char *const ENV_PLACES[] = {"PATH", "HOME", "SHELL", NULL};

static int name_in(const char *s, size_t len, const char *const *names) {
    for (; *names; names++)
        if (strlen(*names) == len && !memcmp(s, *names, len))
            return 1;
    return 0;
}

static int env_unsafe_name(const char *s, size_t len) {
    for (const char *const *p = ENV_UNSAFE_PREFIXES; *p; p++)
        if (len >= strlen(*p) && !memcmp(s, *p, strlen(*p)))
            return 1;
    return name_in(s, len, ENV_UNSAFE);
}

/* The caller's own "NAME=value" entry, or NULL. */
static char *own_entry(const char *name) {
    size_t n = strlen(name);
    for (char **e = environ; *e; e++)
        if (!strncmp(*e, name, n) && (*e)[n] == '=')
            return *e;
    return NULL;
}

/* The names left out, escaped, for the --debug note: the first few, and how many in all. */
static char left_out[512];
static int left_out_count;

static void note_left_out(const char *s, size_t len) {
    size_t n = strlen(left_out);
    if (left_out_count++ >= 8 || n + 4 * len + 3 >= sizeof(left_out))
        return;
    if (n)
        n += snprintf(left_out + n, sizeof(left_out) - n, ", ");
    for (size_t k = 0; k < len; k++) {
        unsigned char c = (unsigned char) s[k];
        n += snprintf(left_out + n, sizeof(left_out) - n, c < 0x20 || c >= 0x7f ? "\\x%02x" : "%c", c);
    }
}

static size_t env_hash(const char *s, size_t len) {
    size_t h = 14695981039346656037UL;
    for (size_t k = 0; k < len; k++)
        h = (h ^ (unsigned char) s[k]) * 1099511628211UL;
    return h;
}

/*
 * The command's environment from the target's environ file: filtered unless unsafe; with the
 * caller's PATH, HOME and SHELL instead of the target's unless unsafe or in_target_files (the command
 * runs in the target's files). *target_path is set to the target's PATH value (NULL if none).
 */
static char **load_environ(int fd, const char *path, int unsafe, int in_target_files, int verbose,
        const char **target_path) {
    static char buf[ENVIRON_MAX + 2];
    struct stat st;
    size_t len = 0, pieces = 0;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "%s: %s is not a regular file: the environment is not taken\n", prog, path);
        exit(FAIL);
    }
    for (;;) {
        ssize_t n = read(fd, buf + len, ENVIRON_MAX + 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die("cannot read the environment in", path);
        if (n == 0)
            break;
        len += (size_t) n;
        if (len > ENVIRON_MAX) {
            fprintf(stderr, "%s: the environment in %s is larger than %d MiB: not taken\n", prog, path,
                    ENVIRON_MAX >> 20);
            exit(FAIL);
        }
    }
    close(fd);
    buf[len] = 0;
    for (size_t k = 0; k < len; k++) /* the entries: pieces that do not start with a NUL */
        pieces += buf[k] != 0 && (k == 0 || buf[k - 1] == 0);
    size_t slots = 16;
    while (slots < 2 * pieces)
        slots *= 2;
    char **env = calloc(pieces + 3, sizeof(char *));
    char **seen = calloc(slots, sizeof(char *));
    if (!env || !seen)
        die("cannot hold the environment of", path);
    size_t count = 0;
    int places = 0;
    *target_path = NULL;
    for (char *p = buf; p < buf + len; p += strlen(p) + 1) {
        char *eq = strchr(p, '=');
        if (!eq || eq == p)
            continue;
        size_t name = (size_t) (eq - p), h = env_hash(p, name) & (slots - 1);
        for (; seen[h]; h = (h + 1) & (slots - 1))
            if (!strncmp(seen[h], p, name + 1))
                break;
        if (seen[h])
            continue; /* a name given again: the first value stands */
        seen[h] = p;
        if (name == 4 && !memcmp(p, "PATH", 4))
            *target_path = eq + 1;
        if (!unsafe && env_unsafe_name(p, name)) {
            note_left_out(p, name);
        } else if (!unsafe && !in_target_files && name_in(p, name, ENV_PLACES)) {
            places = 1;
        } else {
            env[count++] = p;
        }
    }
    free(seen);
    if (!unsafe && !in_target_files)
        for (const char *const *pl = ENV_PLACES; *pl; pl++)
            if (own_entry(*pl))
                env[count++] = own_entry(*pl);
    env[count] = NULL;
    if (verbose && left_out_count)
        fprintf(stderr, "%s: left out of the target's environment (%d in all, --env-unsafe keeps them): %s%s\n",
                prog, left_out_count, left_out, left_out_count > 8 ? ", ..." : "");
    if (verbose && places)
        fprintf(stderr, "%s: the command runs in jns's files: PATH, HOME and SHELL are jns's, not the target's\n", prog);
    return env;
}

/*
 * execvpe(), looking the command up with `path` (the caller's PATH, or the target's with
 * --env-unsafe) in the file system the command runs in, using its absolute entries only: an
 * empty or relative entry would resolve in the working directory, which may be the target's
 * (-w, -W, or the root of an entered mount namespace). A name with a '/' is used as given.
 * Without a PATH, the C library's default (/bin:/usr/bin). Returns only on failure.
 */
static void exec_command(char **cmd, char **env, const char *path) {
    if (!strchr(cmd[0], '/')) {
        if (env == environ) { /* setenv below must not change the command's own PATH */
            size_t n = 0;
            while (environ[n])
                n++;
            env = malloc((n + 1) * sizeof(char *));
            if (!env)
                return;
            memcpy(env, environ, (n + 1) * sizeof(char *));
        }
        if (path) {
            char *abs = malloc(strlen(path) + 1), *out = abs;
            if (!abs)
                return;
            for (const char *p = path; *p; ) {
                size_t n = strcspn(p, ":");
                if (*p == '/') {
                    if (out != abs)
                        *out++ = ':';
                    memcpy(out, p, n);
                    out += n;
                }
                p += n + (p[n] == ':');
            }
            *out = 0;
            if (!*abs) {
                errno = ENOENT;
                return;
            }
            setenv("PATH", abs, 1);
        } else {
            unsetenv("PATH");
        }
    }
    execvpe(cmd[0], cmd, env);
}

/* Waits for the child, mirroring stops, and exits as it did (128+N for a signal, as a shell). */
static void continue_as_parent(pid_t child) {
    int status;
    /* Ctrl-C and Ctrl-\ reach the child through the terminal; this process just waits. */
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    for (;;) {
        pid_t r = waitpid(child, &status, WUNTRACED);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            die("waitpid", NULL);
        }
        if (WIFSTOPPED(status)) {
            kill(getpid(), SIGSTOP);
            kill(child, SIGCONT);
            continue;
        }
        if (WIFEXITED(status))
            exit(WEXITSTATUS(status));
        if (WIFSIGNALED(status))
            exit(128 + WTERMSIG(status));
    }
}

static char uid_ranges[4096], gid_ranges[4096];

/* Adds "INNER OUTER COUNT" as a line of a uid_map/gid_map text. */
static void append_range(char *buf, size_t size, const char *range) {
    size_t n = strlen(buf);
    if (n + strlen(range) + 2 >= size) {
        fprintf(stderr, "%s: too many id ranges\n", prog);
        exit(FAIL);
    }
    snprintf(buf + n, size - n, "%s\n", range);
}

static void write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t) strlen(text))
        die("cannot write", path);
    close(fd);
}

static int type_index(const char *name) {
    for (int t = 0; t < NTYPES; t++)
        if (!strcmp(TYPES[t].name, name))
            return t;
    fprintf(stderr, "%s: unknown namespace type %s\n", prog, name);
    exit(FAIL);
}

/* Keeps a new namespace alive: bind-mounts the process's ns file onto FILE (which must exist). */
static void persist(pid_t pid) {
    char src[64];
    for (int t = 0; t < NTYPES; t++) {
        if (!persist_file[t])
            continue;
        const char *name = t == 5 ? "pid_for_children" : t == 7 ? "time_for_children" : TYPES[t].name;
        snprintf(src, sizeof(src), "/proc/%d/ns/%s", (int) pid, name);
        if (mount(src, persist_file[t], NULL, MS_BIND, NULL) < 0)
            die("cannot bind the namespace to", persist_file[t]);
    }
}

/*
 * The outside helper: a child forked before unshare(), so it stays in the original user and mount
 * namespaces. It writes id maps with ranges into the new user namespace (which needs privilege in
 * the parent user namespace), and makes the =FILE bind mounts visible outside a new mount
 * namespace. util-linux unshare does the same with its idmap and bind helpers.
 */
static int to_helper = -1, from_helper = -1;
static pid_t helper_pid = -1;

static void outside_helper(int in, int out, pid_t parent) {
    char c;
    pid_t target;
    if (read(in, &c, 1) != 1)
        _exit(FAIL); /* the parent failed before unshare */
    if (uid_ranges[0] || gid_ranges[0]) {
        char path[64];
        if (uid_ranges[0]) {
            snprintf(path, sizeof(path), "/proc/%d/uid_map", (int) parent);
            write_file(path, uid_ranges);
        }
        if (gid_ranges[0]) {
            snprintf(path, sizeof(path), "/proc/%d/gid_map", (int) parent);
            write_file(path, gid_ranges);
        }
    }
    if (write(out, "m", 1) != 1 || read(in, &target, sizeof(target)) != sizeof(target))
        _exit(FAIL);
    persist(target);
    _exit(0);
}

static void start_outside_helper(void) {
    int p2h[2], h2p[2];
    if (pipe2(p2h, O_CLOEXEC) < 0 || pipe2(h2p, O_CLOEXEC) < 0)
        die("pipe", NULL);
    pid_t parent = getpid();
    helper_pid = fork();
    if (helper_pid < 0)
        die("fork", NULL);
    if (helper_pid == 0) {
        close(p2h[1]);
        close(h2p[0]);
        outside_helper(p2h[0], h2p[1], parent);
    }
    close(p2h[0]);
    close(h2p[1]);
    to_helper = p2h[1];
    from_helper = h2p[0];
}

/* Waits for the outside helper to finish its last step; its failure is ours. */
static void finish_outside_helper(pid_t target) {
    int status;
    if (write(to_helper, &target, sizeof(target)) != sizeof(target) || waitpid(helper_pid, &status, 0) < 0
            || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "%s: the outside helper failed\n", prog);
        exit(FAIL);
    }
    close(to_helper);
}

/*
 * The reaper: jns unshare's limits put the command in cgroups the JVM made (--cgroup DIR). This
 * program forks before anything else; the child joins them and goes on to run the command, and
 * the parent stays outside them, waits for the child and then removes them. So the process that
 * outlives the command owns the clean-up: when the JVM is killed (SIGKILL included), the reaper
 * gets PR_SET_PDEATHSIG's SIGHUP, kills what is in the cgroups, and removes them all the same.
 * Signals: SIGTERM is passed on to the child, also the JVM's (which sends SIGTERM to every process
 * below it, but may look before this fork: the child may then get two); SIGHUP means jns is gone; SIGINT and SIGQUIT reach the command from
 * the terminal, as for continue_as_parent.
 */
#define MAX_OWN 16
#define REMOVE_SECONDS 5
#define MAX_CG_DEPTH 32
static const char *own_cg[MAX_OWN];
static int n_own;
static struct { const char *file, *key, *message; } events[16];
static int n_events;

/* Kills what is in one cgroup: cgroup.kill (cgroup2, Linux 5.14+), else SIGKILL to each pid of cgroup.procs. */
static void kill_cgroup(int dfd) {
    int fd = openat(dfd, "cgroup.kill", O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        int done = write(fd, "1", 1) == 1;
        close(fd);
        if (done)
            return;
    }
    fd = openat(dfd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "r");
    long pid;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return;
    }
    while (fscanf(f, "%ld", &pid) == 1)
        if (pid > 0)
            kill((pid_t) pid, SIGKILL);
    fclose(f);
}

/*
 * Removes the cgroup NAME (in the directory DFD) and the child cgroups the command made in it,
 * deepest first, after killing what is in each. PATH holds its path (LEN long, PATH_MAX room) for
 * messages. Returns 0 once it is gone; -1 with the deepest directory still there in FAILED.
 */
static int remove_tree(int dfd, const char *name, char *path, size_t len, int depth, char *failed, int *err) {
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    struct dirent *e;
    int bad = 0;
    if (!d) {
        if (fd >= 0)
            close(fd);
        if (errno == ENOENT)
            return 0;
        *err = errno;
        snprintf(failed, PATH_MAX, "%s", path);
        return -1;
    }
    kill_cgroup(dirfd(d));
    while (depth < MAX_CG_DEPTH && (e = readdir(d))) {
        struct stat st;
        size_t n = strlen(e->d_name);
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || (e->d_type != DT_DIR && (e->d_type != DT_UNKNOWN
                || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))))
            continue;
        if (len + 1 + n >= PATH_MAX)
            continue; /* its parent's rmdir fails and is named */
        path[len] = '/';
        memcpy(path + len + 1, e->d_name, n + 1);
        if (remove_tree(dirfd(d), e->d_name, path, len + 1 + n, depth + 1, failed, err) < 0)
            bad = 1;
        path[len] = 0;
    }
    closedir(d);
    if (unlinkat(dfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
        return 0;
    if (!bad) {
        *err = errno;
        snprintf(failed, PATH_MAX, "%s", path);
    }
    return -1;
}

/* One pass over every DIR: kill, remove what can go. The number still there. */
static int remove_own_once(char failed[][PATH_MAX], int *err) {
    static char path[PATH_MAX];
    int left = 0;
    for (int k = n_own - 1; k >= 0; k--) {
        snprintf(path, sizeof(path), "%s", own_cg[k]);
        failed[k][0] = 0;
        if (remove_tree(AT_FDCWD, own_cg[k], path, strlen(path), 0, failed[k], err) < 0)
            left++;
    }
    return left;
}

/* Removes every DIR, polling while the killed processes leave, for REMOVE_SECONDS at most. */
static void remove_own(void) {
    static char failed[MAX_OWN][PATH_MAX];
    struct timespec start, now, pause = {0, 1000000};
    int err = 0, left;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while ((left = remove_own_once(failed, &err)) > 0) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ((now.tv_sec - start.tv_sec) * 1000000000L + (now.tv_nsec - start.tv_nsec) > REMOVE_SECONDS * 1000000000L)
            break;
        nanosleep(&pause, NULL);
        if (pause.tv_nsec < 20000000)
            pause.tv_nsec *= 2;
    }
    if (left == 0)
        return;
    fprintf(stderr, "%s: cannot remove cgroup", prog);
    for (int k = 0, first = 1; k < n_own; k++)
        if (failed[k][0]) {
            fprintf(stderr, "%s %s", first ? "" : ",", failed[k]);
            first = 0;
        }
    fprintf(stderr, ": %s (still so after %d s; left in place)\n", strerror(err), REMOVE_SECONDS);
}

/* The counter KEY of a flat-keyed cgroup file ("KEY VALUE" lines); 0 when absent. */
static long counter(const char *file, const char *key) {
    char buf[4096];
    size_t k = strlen(key);
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return 0;
    buf[n] = 0;
    for (char *l = buf; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (!strncmp(l, key, k) && l[k] == ' ')
            return strtol(l + k + 1, NULL, 10);
    return 0;
}

/* The signals the reaper waits for (with sigwaitinfo), blocked from before the fork. */
static void reaper_signals(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGCHLD);
}

/* Waits for the child (mirroring stops), then says why a limit ended it, removes the cgroups and exits as it did. */
static void reap(pid_t child, pid_t parent) {
    sigset_t set;
    siginfo_t si;
    int status = 0, gone = 0, killed = 0;
    static char failed[MAX_OWN][PATH_MAX];
    reaper_signals(&set);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    if (syscall(SYS_close_range, 3, ~0U, 0) < 0)
        for (int fd = 3; fd < 1024; fd++)
            close(fd);
    prctl(PR_SET_PDEATHSIG, SIGHUP);
    if (getppid() != parent)
        gone = 1; /* the JVM died before the line above */
    for (;;) {
        if (gone && !killed) {
            int err;
            kill(child, SIGKILL); /* in case it has not joined the cgroups yet */
            remove_own_once(failed, &err);
            killed = 1;
        }
        pid_t r = waitpid(child, &status, WNOHANG | WUNTRACED);
        if (r == child && WIFSTOPPED(status)) {
            kill(getpid(), SIGSTOP);
            kill(child, SIGCONT);
            continue;
        }
        if (r == child || (r < 0 && errno != EINTR))
            break;
        if (r == 0) {
            int sig = sigwaitinfo(&set, &si);
            if (sig == SIGHUP)
                gone = 1;
            else if (sig == SIGTERM)
                kill(child, SIGTERM); /* from the JVM too: its SIGTERM to every process below it can come before this fork */
        }
    }
    for (int k = 0; k < n_events; k++)
        if (counter(events[k].file, events[k].key) > 0) {
            fprintf(stderr, "%s: %s\n", prog, events[k].message);
            break;
        }
    remove_own();
    exit(WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : FAIL);
}

/* --cgroup DIR: remembered for the reaper, and DIR/cgroup.procs opened for the child to join. */
static void own_cgroup(const char *dir, int *cg_fds, int *ncg) {
    char procs[PATH_MAX];
    if (n_own == MAX_OWN || *ncg == 16 || snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir) >= (int) sizeof(procs)) {
        fprintf(stderr, "%s: too many cgroups, or too long a path: %s\n", prog, dir);
        exit(FAIL);
    }
    own_cg[n_own++] = dir;
    cg_fds[(*ncg)++] = open_or_die(procs, O_WRONLY);
}

/* With --cgroup: forks; returns in the child only (the parent becomes the reaper). */
static void start_reaper(void) {
    pid_t parent = getppid();
    pid_t child;
    sigset_t set, old;
    if (n_own == 0)
        return;
    reaper_signals(&set);
    sigprocmask(SIG_BLOCK, &set, &old); /* a SIGTERM from now on waits for the reaper, never kills it */
    child = fork();
    if (child < 0)
        die("fork", NULL);
    if (child > 0)
        reap(child, parent);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

/*
 * The JVM starts us through glibc's posix_spawn (jspawnhelper), which leaves glibc's two internal
 * signals (32 and 33) ignored in the child, and an ignored signal stays ignored across exec: the
 * command would inherit them ignored, as it does not under nsenter or unshare. glibc's own
 * sigaction refuses those two numbers, so the kernel's call: back to the default where ignored.
 */
static void default_internal_signals(void) {
    struct {
        void *handler;
        unsigned long flags;
        void *restorer;
        unsigned long mask;
    } old, dfl;
    int sig;
    memset(&dfl, 0, sizeof dfl); /* SIG_DFL is 0 */
    for (sig = 32; sig <= 33; sig++) {
        if (syscall(SYS_rt_sigaction, sig, NULL, &old, sizeof(unsigned long)) == 0 && old.handler == (void *) SIG_IGN)
            syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(unsigned long));
    }
}

int main(int argc, char **argv) {
    int do_fork = 0, keep_creds = 0, root_fd = -1, wd_fd = -1, env_fd = -1, ncg = 0, cg_fds[16];
    long map_user = -1, map_group = -1;
    int kill_child = 0;
    const char *setgroups_mode = NULL, *propagation = NULL, *hostname = NULL, *mount_proc = NULL;
    const char *monotonic = NULL, *boottime = NULL;
    const char *wdns = NULL;
    const char *env_path = NULL, *target_path = NULL;
    char **env = environ;
    int env_unsafe = 0, verbose = 0;
    long uid = -1, gid = -1;
    int i;

    /*
     * jns's JVM ignores SIGINT while it waits for us (Ctrl-C belongs to the command), and an
     * ignored signal stays ignored across exec: give the command the default back.
     */
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    default_internal_signals();
    for (i = 0; i < NTYPES; i++)
        ns_fd[i] = -1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--prog") && i + 1 < argc) {
            prog = argv[++i];
        } else if (!strcmp(a, "--")) {
            i++;
            break;
        } else if (!strcmp(a, "--ns") && i + 1 < argc) {
            char *spec = argv[++i], *eq = strchr(spec, '=');
            int t;
            if (!eq) {
                fprintf(stderr, "%s: bad --ns %s\n", prog, spec);
                return FAIL;
            }
            *eq = 0;
            for (t = 0; t < NTYPES && strcmp(TYPES[t].name, spec); t++)
                ;
            if (t == NTYPES) {
                fprintf(stderr, "%s: unknown namespace type %s\n", prog, spec);
                return FAIL;
            }
            ns_path[t] = eq + 1;
            ns_fd[t] = open_or_die(eq + 1, O_RDONLY);
        } else if (!strcmp(a, "--new") && i + 1 < argc) {
            create[type_index(argv[++i])] = 1;
        } else if (!strcmp(a, "--persist") && i + 1 < argc) {
            char *spec = argv[++i], *eq = strchr(spec, '=');
            if (!eq) {
                fprintf(stderr, "%s: bad --persist %s\n", prog, spec);
                return FAIL;
            }
            *eq = 0;
            persist_file[type_index(spec)] = eq + 1;
        } else if (!strcmp(a, "--uid-range") && i + 1 < argc) {
            append_range(uid_ranges, sizeof(uid_ranges), argv[++i]);
        } else if (!strcmp(a, "--gid-range") && i + 1 < argc) {
            append_range(gid_ranges, sizeof(gid_ranges), argv[++i]);
        } else if (!strcmp(a, "--map-user") && i + 1 < argc) {
            map_user = strtol(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--map-group") && i + 1 < argc) {
            map_group = strtol(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--setgroups") && i + 1 < argc) {
            setgroups_mode = argv[++i];
        } else if (!strcmp(a, "--propagation") && i + 1 < argc) {
            propagation = argv[++i];
        } else if (!strcmp(a, "--hostname") && i + 1 < argc) {
            hostname = argv[++i];
        } else if (!strcmp(a, "--mount-proc") && i + 1 < argc) {
            mount_proc = argv[++i];
        } else if (!strcmp(a, "--kill-child") && i + 1 < argc) {
            kill_child = (int) strtol(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--monotonic") && i + 1 < argc) {
            monotonic = argv[++i];
        } else if (!strcmp(a, "--boottime") && i + 1 < argc) {
            boottime = argv[++i];
        } else if (!strcmp(a, "--fork")) {
            do_fork = 1;
        } else if (!strcmp(a, "--keep-credentials")) {
            keep_creds = 1;
        } else if (!strcmp(a, "--env-unsafe")) {
            env_unsafe = 1;
        } else if (!strcmp(a, "--verbose")) {
            verbose = 1;
        } else if (!strcmp(a, "--root") && i + 1 < argc) {
            root_fd = open_or_die(argv[++i], O_RDONLY | O_DIRECTORY);
        } else if (!strcmp(a, "--wd") && i + 1 < argc) {
            wd_fd = open_or_die(argv[++i], O_RDONLY | O_DIRECTORY);
        } else if (!strcmp(a, "--wdns") && i + 1 < argc) {
            wdns = argv[++i];
        } else if (!strcmp(a, "--uid") && i + 1 < argc) {
            uid = strtol(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--gid") && i + 1 < argc) {
            gid = strtol(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--environ") && i + 1 < argc) {
            env_path = argv[++i];
            env_fd = open_or_die(env_path, O_RDONLY | O_NONBLOCK);
        } else if (!strcmp(a, "--cgroup") && i + 1 < argc) {
            own_cgroup(argv[++i], cg_fds, &ncg);
        } else if (!strcmp(a, "--on-event") && i + 3 < argc && n_events < 16) {
            events[n_events].file = argv[++i];
            events[n_events].key = argv[++i];
            events[n_events++].message = argv[++i];
        } else if (!strcmp(a, "--cgroup-procs") && i + 1 < argc) {
            if (ncg < 16)
                cg_fds[ncg++] = open_or_die(argv[++i], O_WRONLY);
        } else {
            fprintf(stderr, "%s: unknown argument %s\n", prog, a);
            return FAIL;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "%s: no command\n", prog);
        return FAIL;
    }
    char **cmd = argv + i;
    start_reaper();

    /* The target's environment and cgroup, read and joined while we still see the caller's world. */
    if (env_fd >= 0)
        env = load_environ(env_fd, env_path, env_unsafe, ns_fd[6] >= 0 || root_fd >= 0, verbose, &target_path);
    for (int c = 0; c < ncg; c++) {
        char pid[32];
        int n = snprintf(pid, sizeof(pid), "%d", getpid());
        if (write(cg_fds[c], pid, n) != n)
            die("cannot join the cgroup", NULL);
        close(cg_fds[c]);
    }

    int creating = 0, flags = 0;
    for (int t = 0; t < NTYPES; t++)
        if (create[t]) {
            creating = 1;
            flags |= TYPES[t].flag;
        }
    if (creating) {
        uid_t euid = geteuid();
        gid_t egid = getegid();
        int persisting = 0;
        for (int t = 0; t < NTYPES; t++)
            persisting |= persist_file[t] != NULL;
        int outside = uid_ranges[0] || gid_ranges[0] || (persisting && (create[0] || create[6]));
        if (outside)
            start_outside_helper();
        if (unshare(flags) < 0) {
            fprintf(stderr, "%s: cannot create the namespaces: %s%s\n", prog, strerror(errno),
                    errno == EPERM ? " (creating them needs root, or a new user namespace: -U -r)" : "");
            return FAIL;
        }
        if (create[0] && (map_user >= 0 || map_group >= 0)) {
            char line[64];
            if (map_user >= 0) {
                snprintf(line, sizeof(line), "%ld %d 1\n", map_user, (int) euid);
                write_file("/proc/self/uid_map", line);
            }
            if (map_group >= 0) {
                write_file("/proc/self/setgroups", "deny");
                snprintf(line, sizeof(line), "%ld %d 1\n", map_group, (int) egid);
                write_file("/proc/self/gid_map", line);
            }
        }
        if (outside) {
            char ack;
            if (write(to_helper, "u", 1) != 1 || read(from_helper, &ack, 1) != 1) {
                fprintf(stderr, "%s: the outside helper failed\n", prog);
                return FAIL;
            }
        }
        if (setgroups_mode)
            write_file("/proc/self/setgroups", setgroups_mode);
        if (create[7] && (monotonic || boottime)) {
            char line[128];
            if (boottime) {
                snprintf(line, sizeof(line), "boottime %s 0", boottime);
                write_file("/proc/self/timens_offsets", line);
            }
            if (monotonic) {
                snprintf(line, sizeof(line), "monotonic %s 0", monotonic);
                write_file("/proc/self/timens_offsets", line);
            }
        }
        if (!do_fork) {
            if (outside)
                finish_outside_helper(getpid());
            else
                persist(getpid());
        }
        if (do_fork) {
            pid_t parent = getpid();
            pid_t child = fork();
            if (child < 0)
                die("fork", NULL);
            if (child > 0) {
                forked_child = child;
                /* Our own pid_for_children (set up by the fork) and other links: the child's vanish as it exits. */
                if (outside)
                    finish_outside_helper(getpid());
                else
                    persist(getpid());
                continue_as_parent(child);
            }
            if (kill_child > 0) {
                prctl(PR_SET_PDEATHSIG, kill_child);
                if (getppid() != parent)
                    kill(getpid(), kill_child);
            }
        }
        if (create[6] && propagation && strcmp(propagation, "unchanged")) {
            unsigned long prop = !strcmp(propagation, "shared") ? MS_SHARED
                    : !strcmp(propagation, "slave") ? MS_SLAVE : MS_PRIVATE;
            if (mount("none", "/", NULL, MS_REC | prop, NULL) < 0)
                die("cannot change the propagation of /", NULL);
        }
        if (hostname && sethostname(hostname, strlen(hostname)) < 0)
            die("cannot set the hostname", hostname);
        if (root_fd >= 0) {
            if (fchdir(root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0)
                die("cannot change root", NULL);
            root_fd = -1;
        }
        if (wd_fd >= 0) {
            if (fchdir(wd_fd) < 0)
                die("cannot change directory", NULL);
            wd_fd = -1;
        }
        if (mount_proc) {
            if (mount("proc", mount_proc, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0)
                die("cannot mount proc on", mount_proc);
        }
        do_fork = 0;
    }

    /* With a user namespace and no --keep-credentials, become root in it (nsenter's default). */
    int user = ns_fd[0] >= 0 && !keep_creds;
    if (user) {
        if (uid < 0)
            uid = 0;
        if (gid < 0)
            gid = 0;
    }

    /*
     * nsenter's two passes: first every namespace but user, ignoring errors (a privileged caller
     * entering an unprivileged container must do so before it gives up its privileges in the
     * user namespace); then the rest, user first, reporting errors (an unprivileged caller can
     * enter the others only once it is in its own user namespace).
     */
    for (int pass = 0; pass < 2; pass++) {
        for (int t = 0; t < NTYPES; t++) {
            if (ns_fd[t] < 0 || entered[t] || (pass == 0 && t == 0))
                continue;
            if (setns(ns_fd[t], TYPES[t].flag) == 0) {
                entered[t] = 1;
                close(ns_fd[t]);
            } else if (pass == 1) {
                if (errno == EINVAL)
                    fprintf(stderr, "%s: cannot join %s: not a %s namespace, or not one this process may join\n", prog,
                            ns_path[t], TYPES[t].name);
                else
                    fprintf(stderr, "%s: cannot join the %s namespace %s: %s%s\n", prog, TYPES[t].name, ns_path[t],
                            strerror(errno), errno == EPERM
                            ? " (joining needs root, or CAP_SYS_ADMIN in the target's user namespace: add -U)" : "");
                return FAIL;
            }
        }
    }

    if (root_fd >= 0) {
        if (wd_fd < 0 && !wdns)
            wd_fd = open_or_die(".", O_RDONLY | O_DIRECTORY);
        if (fchdir(root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0)
            die("cannot change root", NULL);
    }
    if (wdns) {
        if (chdir(wdns) < 0)
            die("cannot change directory to", wdns);
    } else if (wd_fd >= 0 && fchdir(wd_fd) < 0) {
        die("cannot change directory", NULL);
    }

    /* Joining a pid namespace affects only children: fork, unless told not to (jns passes --fork
       only with a pid namespace; joining a time namespace moves this process itself). */
    if (do_fork) {
        pid_t child = fork();
        if (child < 0)
            die("fork", NULL);
        if (child > 0)
            continue_as_parent(child);
    }

    if (gid >= 0) {
        if (setgroups(0, NULL) < 0 && user == 0)
            die("setgroups", NULL);
        if (setgid((gid_t) gid) < 0)
            die("setgid", NULL);
    }
    if (uid >= 0 && setuid((uid_t) uid) < 0)
        die("setuid", NULL);

    exec_command(cmd, env, env_unsafe ? target_path : getenv("PATH"));
    int err = errno;
    fprintf(stderr, "%s: %s: %s%s\n", prog, cmd[0], strerror(err), err == ENOENT && env_fd >= 0 && !env_unsafe
            && !strchr(cmd[0], '/') ? " (looked up with jns's PATH, not the target's)" : "");
    return err == ENOENT ? 127 : 126;
}
