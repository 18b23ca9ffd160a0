/*
 * The floor of one whole `jns oci validate` on the bench bundle (runc spec's config.json, a
 * busybox rootfs with /bin/sh -> busybox): the same system calls jns makes for one validation, as
 * strace shows them (13 statx, 1 readlink, open + 2 reads + close of config.json), with no parsing
 * and no rule at all. Whatever this costs a validation, jns cannot beat it without checking less.
 *
 * Build and run (bench/oci-validate.sh does this):
 *   gcc -O2 -o /tmp/oci-syscall-floor bench/oci-syscall-floor.c && /tmp/oci-syscall-floor BUNDLE [N]
 * Prints: floor_us=<median microseconds per validation's system calls> floor_per_s=<1e6/floor_us>
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char paths[16][4096];
static int npaths;

static void add(const char *bundle, const char *rel) {
    snprintf(paths[npaths++], sizeof paths[0], "%s%s", rel[0] == '/' && rel[1] == '/' ? "" : bundle,
             rel[0] == '/' && rel[1] == '/' ? rel + 1 : rel);
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s BUNDLE [N]\n", argv[0]);
        return 2;
    }
    const char *b = argv[1];
    int n = argc > 2 ? atoi(argv[2]) : 20000;
    /* in jns's order: config.json twice (found, then checked again before the open) ... */
    add(b, "/config.json");
    add(b, "/config.json");
    /* the bundle and the rootfs (the directories above the bundle are kept by the validator) */
    add(b, "");
    add(b, "/rootfs");
    /* args[0] "sh" along runc spec's PATH: /usr (missing: /usr/... skipped), /sbin, /bin, /bin/sh */
    add(b, "/rootfs/usr");
    add(b, "/rootfs/sbin");
    add(b, "/rootfs/bin");
    add(b, "/rootfs/bin/sh");
    int link_at = npaths; /* readlink of /bin/sh, then its target */
    add(b, "/rootfs/bin/busybox");
    /* mount destinations /proc, /dev, /sys; the host's /sys/fs/cgroup under the read-only /sys */
    add(b, "/rootfs/proc");
    add(b, "/rootfs/dev");
    add(b, "/rootfs/sys");
    add(b, "//sys/fs/cgroup");
    char config[4096], sh[4096], buf[8192], target[4097];
    snprintf(config, sizeof config, "%s/config.json", b);
    snprintf(sh, sizeof sh, "%s/rootfs/bin/sh", b);
    int rounds = 9;
    double us[9];
    for (int r = 0; r < rounds; r++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int i = 0; i < n; i++) {
            struct statx sx;
            for (int k = 0; k < npaths; k++) {
                if (k == 2) { /* after the two statx of config.json: open, read, close */
                    int fd = open(config, O_RDONLY | O_NOFOLLOW);
                    if (fd < 0) {
                        perror(config);
                        return 1;
                    }
                    while (read(fd, buf, sizeof buf) > 0) {
                    }
                    close(fd);
                }
                if (k == link_at && readlink(sh, target, sizeof target - 1) < 0) {
                    perror(sh);
                    return 1;
                }
                statx(AT_FDCWD, paths[k], AT_SYMLINK_NOFOLLOW, STATX_ALL, &sx);
            }
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        us[r] = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1000.0 / n;
    }
    qsort(us, rounds, sizeof us[0], cmp);
    printf("floor_us=%.1f floor_per_s=%.0f\n", us[rounds / 2], 1e6 / us[rounds / 2]);
    return 0;
}
