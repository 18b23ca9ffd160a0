package dev.jns.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupPathTest {
    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
        "/|/", "''|/", "///|/", "system.slice|/system.slice", "/system.slice/|/system.slice",
        "' /a/b// '|/a/b", "a/b|/a/b", "/a b/|/a b"})
    void normalizeGivesTheNameJnsUses(String typed, String path) {
        assertEquals(path, CgroupPath.normalize(typed));
    }

    @Test
    void parentNameAndLevel() {
        assertNull(CgroupPath.parent("/"));
        assertEquals("/", CgroupPath.parent("/a"));
        assertEquals("/a", CgroupPath.parent("/a/b"));
        assertEquals("/a/b", CgroupPath.parent("/a/b/c\\x0a"));
        assertEquals("", CgroupPath.name("/"));
        assertEquals("a", CgroupPath.name("/a"));
        assertEquals("session-2.scope", CgroupPath.name("/user.slice/user-1000.slice/session-2.scope"));
        assertEquals(0, CgroupPath.level("/"));
        assertEquals(1, CgroupPath.level("/a"));
        assertEquals(3, CgroupPath.level("/a/b/c"));
    }

    @Test
    void withinIsTheCgroupOrBelowItNotASiblingWithTheSamePrefix() {
        assertTrue(CgroupPath.within("/a", "/"));
        assertTrue(CgroupPath.within("/", "/"));
        assertTrue(CgroupPath.within("/a", "/a"));
        assertTrue(CgroupPath.within("/a/b", "/a"));
        assertFalse(CgroupPath.within("/ab", "/a"));
        assertFalse(CgroupPath.within("/a", "/a/b"));
        assertFalse(CgroupPath.within("/", "/a"));
    }
}
