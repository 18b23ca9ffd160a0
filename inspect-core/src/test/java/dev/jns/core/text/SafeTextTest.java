package dev.jns.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The escaper, class by class of character, against what util-linux 2.38's libsmartcols prints
 * (lsns under LC_ALL=C.UTF-8 and LC_ALL=C, checked by hand and by the lsns parity test): widths,
 * truncation, raw and JSON output.
 */
class SafeTextTest {

    private static String esc(String s) {
        return SafeText.escape(s, true);
    }

    @Test
    void controlCharactersBecomeHexEscapes() {
        assertEquals("\\x1b]0;pwned\\x07", esc("\u001b]0;pwned\u0007"), "ESC and BEL (an OSC title)");
        assertEquals("a\\x09b\\x0ac\\x0dd\\x00e", esc("a\tb\nc\rd\u0000e"), "tab, newline, CR and NUL too");
        assertEquals("\\x1b[1mX", esc("\u001b[1mX"));
        assertEquals("del\\x7f", esc("del\u007f"), "DEL");
    }

    @Test
    void backslashIsEscapedOnlyBeforeX() {
        assertEquals("\\x5cx41", esc("\\x41"), "so that every \\x in the output starts an escape");
        assertEquals("a\\b\\\\c", esc("a\\b\\\\c"), "other backslashes stay, as in mbs_safe_encode");
        assertEquals("\\\\x5cx", esc("\\\\x"), "only the one right before the x");
        assertEquals("end\\", esc("end\\"));
    }

    @Test
    void c1ControlsAndOtherUnprintableCharactersBecomeTheirBytes() {
        assertEquals("\\xc2\\x9b2J", esc("\u009b2J"), "the 8-bit CSI");
        assertEquals("\\xc2\\x85", esc("\u0085"), "NEL");
        assertEquals("\\xe2\\x80\\xa8", esc("\u2028"), "LINE SEPARATOR is not printable to glibc");
        assertEquals("\\xcd\\xb8", esc("\u0378"), "an unassigned code point");
        assertEquals("\\xf3\\xa0\\x82\\x80", esc("\udb40\udc80"), "U+E0080, unassigned, beyond U+FFFF");
        assertEquals("\\xef\\xbf\\xbe", esc("\ufffe"), "a noncharacter");
    }

    @Test
    void invalidUtf8BecomesItsBytes() {
        String s = Utf8.decode(new byte[] {'a', (byte) 0xff, (byte) 0xe4, (byte) 0xb8, 'b'});
        assertEquals("a\\xff\\xe4\\xb8b", esc(s));
        assertEquals("a\\xff\\xe4\\xb8b", SafeText.escape(s, false));
        assertEquals("?\\xef\\xbf\\xbd", esc("?\ud800"), "a lone surrogate no decoder made: U+FFFD's bytes");
    }

    @Test
    void printableCharactersStayInUtf8AndAreEscapedOtherwise() {
        String s = "caf\u00e9 \u4e2d\u6587 \ud83d\ude00 e\u0301 \u202e";
        assertEquals(s, esc(s), "é, CJK, an emoji, a combining accent and (glibc: printable) RLO stay");
        assertEquals("caf\\xc3\\xa9 \\xe4\\xb8\\xad", SafeText.escape("caf\u00e9 \u4e2d", false),
                "under the C locale every byte that is not ASCII, as lsns");
        assertEquals("a\u00a0b", esc("a\u00a0b"), "NO-BREAK SPACE is printable");
    }

    @Test
    void theHostileArgvOfTheParityTestAsLsnsPrintsIt() {
        byte[] argv = {'X', 0x1b, ']', '0', ';', 'p', 'w', 'n', 'e', 'd', 0x07, '\t', 'T', '\\', 'x', '\\', 'y', 0x7f, 'D',
            (byte) 0xc3, (byte) 0xa9, (byte) 0xe4, (byte) 0xb8, (byte) 0xad, (byte) 0xff, (byte) 0xc2, (byte) 0x9b,
            (byte) 0xe2, (byte) 0x80, (byte) 0xae, '!', (byte) 0xcc, (byte) 0x81};
        String s = Utf8.decode(argv);
        // lsns 2.38.1 -o COMMAND, LC_ALL=C.UTF-8 and LC_ALL=C, and lsns -r (same in both)
        assertEquals("X\\x1b]0;pwned\\x07\\x09T\\x5cx\\y\\x7fD\u00e9\u4e2d\\xff\\xc2\\x9b\u202e!\u0301", esc(s));
        assertEquals("X\\x1b]0;pwned\\x07\\x09T\\x5cx\\y\\x7fD\\xc3\\xa9\\xe4\\xb8\\xad\\xff\\xc2\\x9b\\xe2\\x80\\xae!\\xcc\\x81",
                SafeText.escape(s, false));
        assertEquals("X\\x1b]0;pwned\\x07\\x09T\\x5cx\\x5cy\\x7fD\\xc3\\xa9\\xe4\\xb8\\xad\\xff\\xc2\\x9b\\xe2\\x80\\xae!\\xcc\\x81",
                SafeText.escapeRaw(s));
    }

    @Test
    void plainTextIsReturnedAsIs() {
        String s = "/usr/sbin/sshd -D [listener] 0 of 10-100 startups";
        assertTrue(s == esc(s), "no copy for the common case");
    }

    @Test
    void rawOutputEscapesBlanksBackslashesAndEveryByteThatIsNotAscii() {
        assertEquals("sleep\\x20600", SafeText.escapeRaw("sleep 600"));
        assertEquals("a\\x5cb\\x09", SafeText.escapeRaw("a\\b\t"));
        assertEquals("caf\\xc3\\xa9\\xff", SafeText.escapeRaw("caf\u00e9" + Utf8.decode(new byte[] {(byte) 0xff})));
    }

    @Test
    void widthsAreWcwidthOfTheEscapedText() {
        assertEquals(4, SafeText.width("abcd"));
        assertEquals(2, SafeText.width("\u4e2d"), "CJK: two columns");
        assertEquals(2, SafeText.width("\ud83d\ude00"), "an emoji: two columns");
        assertEquals(1, SafeText.width("e\u0301"), "a combining mark: none");
        assertEquals(4, SafeText.width(esc("\u001b")), "an escape: four");
        assertEquals(1, SafeText.width("\u2514"), "box drawing (the tree): one");
    }

    @Test
    void theBlocksKnownWithoutTheTableAgreeWithIt() {
        for (int cp = 0xa0; cp <= 0x2ff; cp++) {
            assertEquals(WcWidth.SINGLE, WcWidth.kind(cp), Integer.toHexString(cp));
        }
        for (int cp = 0x2460; cp <= 0x25fc; cp++) {
            assertEquals(WcWidth.SINGLE, WcWidth.kind(cp), Integer.toHexString(cp));
        }
        assertEquals(WcWidth.NONPRINT, WcWidth.kind(0x9f));
        assertEquals(WcWidth.ZERO, WcWidth.kind(0x300));
        assertEquals(WcWidth.WIDE, WcWidth.kind(0x4e2d));
        assertEquals(WcWidth.NONPRINT, WcWidth.kind(0x10ffff));
        assertEquals(WcWidth.SINGLE, WcWidth.kind(0x10fffd), "private use, plane 16");
    }

    @Test
    void truncationNeverCutsAnEscape() {
        String s = esc("ab\u001bcd");
        assertEquals("ab\\x1bcd", s);
        assertEquals("ab", SafeText.truncate(s, 3));
        assertEquals("ab", SafeText.truncate(s, 5));
        assertEquals("ab\\x1b", SafeText.truncate(s, 6));
        assertEquals("ab\\x1bc", SafeText.truncate(s, 7));
        assertEquals(s, SafeText.truncate(s, 100));
        assertEquals("", SafeText.truncate(s, 0));
        assertEquals("\\x5cx", SafeText.truncate(esc("\\xyz"), 5), "an escaped backslash is one escape too");
    }

    @Test
    void truncationCountsColumnsNotCharacters() {
        assertEquals("\u4e2d", SafeText.truncate("\u4e2d\u6587", 3), "half a wide character does not fit");
        assertEquals("e\u0301", SafeText.truncate("e\u0301x", 1), "a combining mark stays with its letter");
        assertEquals("\ud83d\ude00", SafeText.truncate("\ud83d\ude00\ud83d\ude00", 2), "a pair is never split");
    }

    @Test
    void fitPadsToTheColumns() {
        assertEquals("ab  ", SafeText.fit(esc("ab\u001bcd"), 4, false), "cut before the escape, padded");
        assertEquals("  \u4e2d", SafeText.fit("\u4e2d", 4, true));
        assertEquals("abc", SafeText.fit("abcdef", 3, false));
    }

    @Test
    void screenPolicyMayRefuseMorePrintableCharacters() {
        assertEquals("a\\xcc\\x81", SafeText.escape("a\u0301", true, cp -> SafeText.width(cp) != 0));
        assertEquals("\u00e9", SafeText.escape("\u00e9", true, cp -> true));
    }

    @Test
    void jsonIsUtilLinuxsEscapingPlusDelC1AndValidUtf8() {
        StringBuilder b = new StringBuilder();
        SafeText.json("q\"b\\s\b\t\n\f\r\u0001\u001b\u007f\u009b\u00e9" + Utf8.decode(new byte[] {(byte) 0xff}) + "\ud83d\ude00", b);
        assertEquals("q\\\"b\\\\s\\b\\t\\n\\f\\r\\u0001\\u001b\\u007f\\u009b\u00e9\ufffd\ud83d\ude00", b.toString());
        StringBuilder a = new StringBuilder();
        SafeText.json("\u00e9\ud83d\ude00", true, a);
        assertEquals("\\u00e9\\ud83d\\ude00", a.toString(), "ASCII only for an output that is not UTF-8");
    }

    @Test
    void noOutputEverHoldsAControlCharacter() {
        Random r = new Random(7);
        for (int n = 0; n < 5_000; n++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            String s = Utf8.decode(b);
            for (boolean utf8 : new boolean[] {true, false}) {
                String e = SafeText.escape(s, utf8);
                byte[] out = e.getBytes(StandardCharsets.UTF_8);
                for (byte x : out) {
                    assertTrue((x & 0xff) >= 0x20 && x != 0x7f, () -> "control byte in " + e);
                }
                for (int i = 0; i < e.length(); i++) {
                    char c = e.charAt(i);
                    assertTrue(!(c >= 0x80 && c <= 0x9f) && !Character.isSurrogate(c) || Character.isSurrogatePair(
                            e.charAt(Math.max(0, i - (Character.isLowSurrogate(c) ? 1 : 0))),
                            e.charAt(Math.min(e.length() - 1, i + (Character.isHighSurrogate(c) ? 1 : 0)))),
                            () -> "C1 or lone surrogate in " + e);
                }
                assertTrue(SafeText.width(e) >= 0);
                if (!utf8) {
                    assertTrue(e.chars().allMatch(c -> c < 0x80), () -> "not ASCII: " + e);
                }
            }
            assertTrue(SafeText.escapeRaw(s).chars().allMatch(c -> c > 0x20 && c < 0x7f));
        }
    }
}
