package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LimitTest {

    @Test
    void unlimitedHasNoValueAndPrintsAsMax() {
        assertTrue(Limit.UNLIMITED.unlimited());
        assertEquals(OptionalLong.empty(), Limit.UNLIMITED.value());
        assertEquals("max", Limit.UNLIMITED.toString());
    }

    @Test
    void aNumberIsNotUnlimitedEvenWhenHuge() {
        Limit l = Limit.of(Long.MAX_VALUE);

        assertFalse(l.unlimited());
        assertEquals(Long.MAX_VALUE, l.value().getAsLong());
        assertEquals("9223372036854775807", l.toString());
        assertNotEquals(Limit.UNLIMITED, l);
    }

    @Test
    void zeroIsALimit() {
        assertEquals("0", Limit.of(0).toString());
        assertFalse(Limit.of(0).unlimited());
    }

    @ParameterizedTest
    @ValueSource(longs = {-1L, 9223372036854771712L, 1L << 62, Long.MAX_VALUE})
    void v1MemoryNoLimitValuesAreUnlimited(long v) {
        // 9223372036854771712: PAGE_COUNTER_MAX pages in bytes, what memory.limit_in_bytes reads with no limit
        assertEquals(Limit.UNLIMITED, Limit.ofV1Bytes(v));
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 4096L, 1073741824L, (1L << 62) - 1})
    void v1MemoryLimitsAreKept(long v) {
        assertEquals(Limit.of(v), Limit.ofV1Bytes(v));
    }
}
