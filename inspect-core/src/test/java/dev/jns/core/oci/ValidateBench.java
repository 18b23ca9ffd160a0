package dev.jns.core.oci;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Benchmark harness (run by bench/oci-validate.sh, not a test): validations per second of one
 * bundle in a warm JVM, (a) the whole validation of the bundle directory (read config.json,
 * parse, schema, semantics, host checks on its rootfs and /proc) and (b) the config-only layers
 * on bytes already in memory. Prints medians over rounds.
 *
 * <p>Usage: ValidateBench BUNDLE [SECONDS_PER_ROUND] [ROUNDS]
 */
public final class ValidateBench {
    private ValidateBench() {}

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        OciValidator v = new OciValidator(Path.of("/proc"), true, null, null);
        byte[] bytes = Files.readAllBytes(bundle.resolve("config.json"));
        int findings = v.validate(bundle).findings().size();
        int sink = 0;
        // warm-up: both paths, 2 s
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) {
            sink += v.validate(bundle).findings().size();
            sink += OciValidator.validateBytes(bytes).size();
        }
        double[] whole = new double[rounds];
        double[] mem = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            whole[r] = perSecond(v, bundle, null, seconds);
            mem[r] = perSecond(null, null, bytes, seconds);
        }
        Arrays.sort(whole);
        Arrays.sort(mem);
        System.out.printf("bytes=%d findings=%d whole_per_s=%.0f whole_us=%.1f memory_per_s=%.0f memory_us=%.1f sink=%d%n",
                bytes.length, findings, whole[rounds / 2], 1e6 / whole[rounds / 2], mem[rounds / 2], 1e6 / mem[rounds / 2],
                sink % 10);
    }

    private static double perSecond(OciValidator v, Path bundle, byte[] bytes, double seconds) {
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        int n = 0;
        int sink = 0;
        long now;
        do {
            for (int i = 0; i < 50; i++) {
                sink += v != null ? v.validate(bundle).findings().size() : OciValidator.validateBytes(bytes).size();
            }
            n += 50;
            now = System.nanoTime();
        } while (now < end);
        if (sink == Integer.MIN_VALUE) {
            throw new AssertionError();
        }
        return n / ((now - t0) / 1e9);
    }
}
