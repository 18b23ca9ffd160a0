package dev.jns.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lossless decoding: valid UTF-8 as characters, each byte of an invalid sequence as U+DC80+b, and back. */
class Utf8Test {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void validTextIsDecodedAsUsual() {
        String s = "sleep caf\u00e9 \u4e2d \ud83d\ude00 \u0301";
        assertEquals(s, Utf8.decode(s.getBytes(StandardCharsets.UTF_8)));
        assertEquals("plain ascii", Utf8.decode("plain ascii".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void eachByteOfAnInvalidSequenceBecomesAnEscapedByte() {
        assertEquals("a\udcffb", Utf8.decode(bytes('a', 0xff, 'b')), "a byte that never starts UTF-8");
        assertEquals("\udce4\udcb8A", Utf8.decode(bytes(0xe4, 0xb8, 'A')), "a cut sequence: resynchronised after one byte");
        assertEquals("\udce4\udcb8", Utf8.decode(bytes(0xe4, 0xb8)), "cut at the end");
        assertEquals("\udcc0\udcaf", Utf8.decode(bytes(0xc0, 0xaf)), "an overlong '/'");
        assertEquals("\udce0\udc80\udcaf", Utf8.decode(bytes(0xe0, 0x80, 0xaf)), "an overlong three-byte form");
        assertEquals("\udced\udca0\udc80", Utf8.decode(bytes(0xed, 0xa0, 0x80)), "an encoded surrogate");
        assertEquals("\udcf4\udc90\udc80\udc80", Utf8.decode(bytes(0xf4, 0x90, 0x80, 0x80)), "above U+10FFFF");
        assertEquals("\udc80", Utf8.decode(bytes(0x80)), "a lone continuation byte");
    }

    @Test
    void escapedBytesAreTellableFromTheLowHalfOfAPair() {
        // U+10080 is D800 DC80: its low half is in the escaped-byte range, but as a code point it is not one
        String s = Utf8.decode(bytes(0xf0, 0x90, 0x82, 0x80, 0xff));
        assertEquals("\ud800\udc80\udcff", s);
        assertFalse(Utf8.isEscapedByte(s.codePointAt(0)));
        assertTrue(Utf8.isEscapedByte(s.codePointAt(2)));
        assertEquals(0xff, Utf8.escapedByte(s.codePointAt(2)));
    }

    @Test
    void encodeGivesTheOriginalBytesBack() {
        Random r = new Random(11);
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[r.nextInt(24)];
            r.nextBytes(b);
            if (n % 3 == 0) {
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (0x80 | b[i]); // mostly continuation and lead bytes
                }
            }
            assertArrayEquals(b, Utf8.encode(Utf8.decode(b)), () -> "round trip of " + java.util.Arrays.toString(b));
        }
    }

    @Test
    void jsonGetsTheReplacementCharacter() {
        assertEquals("a\ufffdb\ud83d\ude00", Utf8.forJson(Utf8.decode(bytes('a', 0xff, 'b', 0xf0, 0x9f, 0x98, 0x80))));
        assertEquals("x\ufffd", Utf8.forJson("x\ud800"), "a lone high surrogate too");
        String plain = "no surrogates";
        assertTrue(plain == Utf8.forJson(plain), "nothing copied when nothing changes");
    }
}
