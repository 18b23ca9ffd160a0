package dev.jns.core.proc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;

/**
 * {@code /proc/PID/auxv}: the ELF auxiliary vector the kernel gave the process, pairs of native
 * words {@code (type, value)} ended by {@code AT_NULL} (see getauxval(3)). jns reads one entry,
 * {@code AT_PAGESZ}, the page size, without native code.
 */
public final class ProcAuxv {
    /** {@code AT_NULL}: the end of the vector. */
    static final long AT_NULL = 0;
    /** {@code AT_PAGESZ}: the system page size, in bytes. */
    static final long AT_PAGESZ = 6;
    /** Upper bound for the file: the kernel writes a few dozen entries. */
    static final int MAX_BYTES = 4096;
    /** The native word: 8 bytes on a 64-bit JVM, whose process's vector this is. */
    private static final int WORD = "32".equals(System.getProperty("sun.arch.data.model")) ? 4 : 8;

    private ProcAuxv() {}

    /**
     * The page size that {@code auxv} holds: {@code AT_PAGESZ} when it is a power of two from 4 KiB
     * to 1 GiB; empty when the vector has no such entry.
     */
    public static OptionalLong pageSize(byte[] auxv) {
        ByteBuffer b = ByteBuffer.wrap(auxv).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 2 * WORD) {
            long type = word(b);
            long value = word(b);
            if (type == AT_NULL) {
                break;
            }
            if (type == AT_PAGESZ) {
                return value >= 4096 && value <= 1L << 30 && Long.bitCount(value) == 1
                        ? OptionalLong.of(value) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    private static long word(ByteBuffer b) {
        return WORD == 8 ? b.getLong() : b.getInt() & 0xffffffffL;
    }
}
