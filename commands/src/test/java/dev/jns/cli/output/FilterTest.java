package dev.jns.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Filter}: the grammar and semantics of libsmartcols' filters (scols-filter(5)). The
 * {@code upstream*} tests are util-linux's own (tests/ts/libsmartcols/filter with the data in
 * tests/ts/libsmartcols/files and the results in tests/expected/libsmartcols/filter-*, at
 * util-linux 39465c780): each expression and the rows libsmartcols keeps.
 */
class FilterTest {

    // ---- util-linux's tests --------------------------------------------------------------------

    private static final String[] NAME = {"aaaa", "bbb", "ccccc", "dddddd", "ee", "ffff", "gggggg", "hhh", "iiiiii", "jj"};
    private static final String[] NUMBER = {"0", "100", "21", "3", "411", "5111", "678993321", "7666666", "8765", "987456"};
    private static final String[] FLOAT = {"0", "100", "100.5", "99.9", "411", "5111", "678993321", "7666666", "8000", "8000.5"};
    private static final String[] BOOL = {"0", "1", "", "0", "true", "false", "FALSE", "TRUE", "0", "1"};

    /** The NAME of each row of NAME and {@code data} (a column named {@code column} of {@code type}) that passes. */
    private static String kept(String expr, String column, Filter.Type type, String[] data) {
        Filter f = Filter.parse(expr, List.of("NAME", column), List.of(Filter.Type.STRING, type));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < NAME.length; i++) {
            String[] row = {NAME[i], data[i]};
            if (f.test(c -> row[c])) {
                out.add(NAME[i]);
            }
        }
        assertNull(f.failure(), expr);
        return String.join(" ", out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "NUM                                      ; bbb ccccc dddddd ee ffff gggggg hhh iiiiii jj",
        "!NUM                                     ; aaaa",
        "NUM && NAME                              ; bbb ccccc dddddd ee ffff gggggg hhh iiiiii jj",
        "NUM || NAME                              ; aaaa bbb ccccc dddddd ee ffff gggggg hhh iiiiii jj",
        "NUM == 100                               ; bbb",
        "NUM != 100                               ; aaaa ccccc dddddd ee ffff gggggg hhh iiiiii jj",
        "NUM > 8000                               ; gggggg hhh iiiiii jj",
        "NUM >= 100                               ; bbb ee ffff gggggg hhh iiiiii jj",
        "NUM < 100                                ; aaaa ccccc dddddd",
        "NUM <= 100                               ; aaaa bbb ccccc dddddd",
        "NUM > 10 && NUM < 8000                   ; bbb ccccc ee ffff",
        "NUM == 3 || NUM == 100                   ; bbb dddddd",
        "(NUM >= 3 && NUM <= 100) || NUM == 0     ; aaaa bbb ccccc dddddd",
        "NUM == \"100\"                           ; bbb",
    })
    void upstreamNumber(String expr, String expected) {
        assertEquals(expected, kept(expr, "NUM", Filter.Type.NUMBER, NUMBER));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "NUM                 ; bbb ccccc dddddd ee ffff gggggg hhh iiiiii jj",
        "!NUM                ; aaaa",
        "NUM == 100          ; bbb",
        "NUM == 100.5        ; ccccc",
        "NUM != 100.5        ; aaaa bbb dddddd ee ffff gggggg hhh iiiiii jj",
        "NUM > 8000          ; gggggg hhh jj",
        "NUM > 8000.5        ; gggggg hhh",
        "NUM >= 100.5        ; ccccc ee ffff gggggg hhh iiiiii jj",
        "NUM < 100           ; aaaa dddddd",
        "NUM < 100.5         ; aaaa bbb dddddd",
        "NUM <= 100.5        ; aaaa bbb ccccc dddddd",
        "NUM == \"100\"      ; bbb",
        "NUM == \"100.5\"    ; ccccc",
    })
    void upstreamFloat(String expr, String expected) {
        assertEquals(expected, kept(expr, "NUM", Filter.Type.FLOAT, FLOAT));
    }

    /** The third row has no value: false as itself, yet 0 when a boolean is compared as a number. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "BOOL                ; bbb ee hhh jj",
        "!BOOL               ; aaaa ccccc dddddd ffff gggggg iiiiii",
        "BOOL && NAME        ; bbb ee hhh jj",
        "BOOL == TRUE        ; bbb ee hhh jj",
        "BOOL == true        ; bbb ee hhh jj",
        "BOOL == 1           ; bbb ee hhh jj",
        "BOOL == false       ; aaaa dddddd ffff gggggg iiiiii",
        "BOOL == 0           ; aaaa ccccc dddddd ffff gggggg iiiiii",
        "BOOL != true        ; aaaa dddddd ffff gggggg iiiiii",
        "BOOL == \"0\"       ; ''",
        "BOOL == \"1\"       ; ''",
    })
    void upstreamBoolean(String expr, String expected) {
        assertEquals(expected, kept(expr, "BOOL", Filter.Type.BOOLEAN, BOOL));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "NAME                ; aaaa bbb ccccc dddddd ee ffff gggggg hhh iiiiii jj",
        "!NAME               ; ''",
        "NAME == \"bbb\"     ; bbb",
        "NAME != \"bbb\"     ; aaaa ccccc dddddd ee ffff gggggg hhh iiiiii jj",
        "NAME > \"bbb\"      ; ccccc dddddd ee ffff gggggg hhh iiiiii jj",
        "NAME <= \"bbb\"     ; aaaa bbb",
        "NAME =~ \"aaa.*\"   ; aaaa",
        "NAME !~ \"aaa.*\"   ; bbb ccccc dddddd ee ffff gggggg hhh iiiiii jj",
    })
    void upstreamString(String expr, String expected) {
        assertEquals(expected, kept(expr, "NUM", Filter.Type.NUMBER, NUMBER));
    }

    /** tests/ts/libsmartcols/filter's "broken" expressions: each is an error. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "NUM == 100)     ; unexpected ')' at position 11, expected an operator or the end",
        "(NUM == 100     ; missing ')' for the '(' at position 1, at the end",
        "' == 100'       ; unexpected '==' at position 2, expected a value",
        "'NUM == '       ; unexpected end of the expression at position 8, expected a value",
        "NUM ** 100      ; unexpected character '*' at position 5",
        "NUM = 100       ; unexpected character '=' at position 5",
        "XXX == 100      ; unknown column: XXX at position 1 (valid: NAME, NUM)",
        "NUM == 1y0      ; unexpected 'y0' at position 9, expected an operator or the end",
        "NUM == 100 . 5  ; unexpected character '.' at position 12",
    })
    void upstreamBroken(String expr, String message) {
        Filter.Invalid e = assertThrows(Filter.Invalid.class,
                () -> Filter.parse(expr, List.of("NAME", "NUM"), List.of(Filter.Type.STRING, Filter.Type.NUMBER)));
        assertEquals(message, e.getMessage());
    }

    // ---- lsns-like columns ---------------------------------------------------------------------

    private static final List<String> COLS = List.of("NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND", "NETNSID");
    private static final List<Filter.Type> TYPES = List.of(Filter.Type.NUMBER, Filter.Type.STRING, Filter.Type.NUMBER,
            Filter.Type.NUMBER, Filter.Type.STRING, Filter.Type.STRING, Filter.Type.STRING);
    /** NS TYPE NPROCS PID USER COMMAND NETNSID; the last has no process. */
    private static final String[][] ROWS = {
        {"4026531836", "pid", "9", "1", "root", "/sbin/init", null},
        {"4026531833", "net", "6", "1", "root", "/sbin/init", "unassigned"},
        {"4026532181", "pid", "3", "430", "alice", "bash -c sleep 901", null},
        {"4026532397", "pid", "1", "438", "root", "sleep 912\nsecond line", null},
        {"4026532326", "net", "0", null, "root", null, "5"},
    };

    private static Filter parse(String expr) {
        return Filter.parse(expr, COLS, TYPES);
    }

    /** The NS of each row that passes. */
    private static String ns(String expr) {
        Filter f = parse(expr);
        List<String> out = new ArrayList<>();
        for (String[] row : ROWS) {
            if (f.test(c -> row[c])) {
                out.add(row[0].substring(6));
            }
        }
        assertNull(f.failure(), expr);
        return String.join(" ", out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // && and || bind alike, left to right (filter-parser.y: %left T_OR T_AND)
        "TYPE == \"net\" || TYPE == \"pid\" && NPROCS > 5          ; 1836 1833",
        "TYPE == \"net\" || (TYPE == \"pid\" && NPROCS > 5)        ; 1836 1833 2326",
        "NPROCS > 5 && TYPE == \"pid\" || USER == \"alice\"        ; 1836 2181",
        // the words, in lower or upper case
        "type eq 'net' OR type EQ 'pid' and nprocs GT 5           ; 1836 1833",
        // ! binds as tightly as a comparison: (!PID) == 0, booleans: true where PID is set;
        // !(PID == 0) would be every row
        "!PID == 0                                                ; 1836 1833 2181 2397",
        "! (PID == 1)                                             ; 2181 2397 2326",
        "not PID                                                  ; 2326",
        "!!PID                                                    ; 1836 1833 2181 2397",
        // comparisons group left to right: (NPROCS > 5) == true
        "NPROCS > 5 == true                                       ; 1836 1833",
    })
    void precedence(String expr, String expected) {
        assertEquals(expected, ns(expr));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // a number column against a number compares numbers, against a string strings
        "NS == 4026531836           ; 1836",
        "NS == \"4026531836\"       ; 1836",
        "PID < 5                    ; 1836 1833",
        "PID < \"5\"                ; 1836 1833 2181 2397 2326",
        "NPROCS > 5.5               ; 1836 1833",
        "NPROCS >= 1K               ; ''",
        "NPROCS < 1KiB && NPROCS > 5  ; 1836 1833",
    })
    void numbersAndStrings(String expr, String expected) {
        assertEquals(expected, ns(expr));
    }

    /** "PID < "5"": 430 and 438 are less than "5" as strings; the row without a PID reads "0" as a string. */
    @Test
    void aNumberCellWithoutValueIsZeroAsAStringAndFailsAsANumber() {
        assertEquals("2326", ns("PID == \"0\""));
        assertEquals("", ns("PID == 0"));
        assertEquals("1836 1833 2181 2397", ns("PID != 0"), "no value fails != too");
        assertEquals("1836 1833", ns("PID != 430 && PID != 438"));
    }

    @Test
    void aStringCellWithoutValueIsLessThanEveryString() {
        assertEquals("2326", ns("COMMAND < \"\""));
        assertEquals("1836 1833 2181 2397 2326", ns("COMMAND != \"x\""));
        assertEquals("", ns("COMMAND == \"\""));
        assertEquals("1836 1833 2181 2397", ns("COMMAND"), "a bare column: it has a value");
        assertEquals("2326", ns("!COMMAND"));
        assertEquals("1836 1833 2181 2397 2326", ns("COMMAND =~ \"^$\" || COMMAND"), "no value matches as \"\"");
    }

    @Test
    void quoting() {
        assertEquals("1833 2326", ns("TYPE == 'net'"));
        assertEquals("1833 2326", ns("TYPE == \"  net \""), "literals are trimmed");
        assertEquals("2181", ns("COMMAND == 'bash -c sleep 901'"));
        assertEquals("", ns("COMMAND == \"it's\""), "the other quote is an ordinary character");
        assertEquals("unterminated string at position 9",
                assertThrows(Filter.Invalid.class, () -> parse("TYPE == 'net")).getMessage());
        assertEquals("unexpected ')' at position 13, expected an operator or the end",
                assertThrows(Filter.Invalid.class, () -> parse("TYPE == \"a\\\")\"")).getMessage(),
                "no escapes: \\\" ends the string");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "COMMAND =~ 'sleep'                        ; 2181 2397",
        "COMMAND =~ '^sleep'                       ; 2397",
        "COMMAND =~ 'init$'                        ; 1836 1833",
        "COMMAND =~ '912$'                         ; ''",
        "COMMAND =~ '912.second'                   ; 2397",
        "COMMAND =~ '^[[:alpha:]]+ -c'             ; 2181",
        "COMMAND =~ '[^[:alnum:] /]'               ; 2181 2397",
        "COMMAND =~ 'sle{1,2}p [0-9]{3}'           ; 2181 2397",
        "COMMAND !~ 'sleep'                        ; 1836 1833 2326",
        "USER =~ '^(alice|bob)$'                   ; 2181",
        "NS =~ '^40265323'                         ; 2397 2326",
        "COMMAND =~ ('sbin')                       ; 1836 1833",
        "COMMAND =~ '\\d'                          ; 2397",
        "COMMAND =~ 'sleep \\<9'                   ; 2181 2397",
    })
    void regularExpressionsArePosixExtended(String expr, String expected) {
        assertEquals(expected, ns(expr));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "COMMAND =~ '(a+)+'       ; regular expression with nested or consecutive repetition, or a bound over 1024 (refused, as libsmartcols refuses it) at position 12",
        "COMMAND =~ 'a**'         ; regular expression with nested or consecutive repetition, or a bound over 1024 (refused, as libsmartcols refuses it) at position 12",
        "COMMAND =~ 'a{1,2000}'   ; regular expression with nested or consecutive repetition, or a bound over 1024 (refused, as libsmartcols refuses it) at position 12",
        "COMMAND =~ '[[:nope:]]'  ; invalid regular expression: unknown class [:nope:] at position 12",
        "COMMAND =~ '(a'          ; invalid regular expression: Unclosed group at position 12",
        "COMMAND =~ USER          ; the right side of =~ must be a string at position 12",
        "COMMAND !~ 5             ; the right side of !~ must be a string at position 12",
        "NPROCS > 1 =~ 'x'        ; =~ matches strings, not a boolean at position 12",
    })
    void badRegularExpressions(String expr, String message) {
        assertEquals(message, assertThrows(Filter.Invalid.class, () -> parse(expr)).getMessage());
    }

    @Test
    void regularExpressionsAreLimitedTo256Bytes() {
        assertEquals("1836 1833", ns("COMMAND =~ '" + "(init)?".repeat(36) + "init'"));
        assertThrows(Filter.Invalid.class, () -> parse("COMMAND =~ '" + "x".repeat(257) + "'"));
    }

    @Test
    void columnNamesIgnoreCaseButKeywordsDoNot() {
        assertEquals("1833 2326", ns("type == \"net\""));
        assertEquals("1833 2326", ns("Type == \"net\""));
        assertEquals("unknown column: And at position 12 (valid: NS, TYPE, NPROCS, PID, USER, COMMAND, NETNSID)",
                assertThrows(Filter.Invalid.class, () -> parse("NS == 1 && And == 1")).getMessage());
        assertEquals("unexpected 'And' at position 9, expected an operator or the end",
                assertThrows(Filter.Invalid.class, () -> parse("NS == 1 And PID == 1")).getMessage());
        assertEquals("unknown column: NPROCS-1 at position 1 (valid: NS, TYPE, NPROCS, PID, USER, COMMAND, NETNSID)",
                assertThrows(Filter.Invalid.class, () -> parse("NPROCS-1 > 0")).getMessage(),
                "a name may hold - . : / % _ (lsblk's MAJ:MIN, FSUSE%)");
    }

    @Test
    void columnsWithSpecialCharactersAreNames() {
        Filter f = Filter.parse("MAJ:MIN == '8:1' && FSUSE% > 50", List.of("MAJ:MIN", "FSUSE%"),
                List.of(Filter.Type.STRING, Filter.Type.NUMBER));
        assertTrue(f.test(c -> c == 0 ? "8:1" : "51"));
        assertFalse(f.test(c -> c == 0 ? "8:1" : "50"));
        assertFalse(f.test(c -> c == 0 ? "8:10" : "51"));
    }

    @Test
    void numbers() {
        Filter big = parse("NS == 18446744073709551615");
        assertTrue(big.test(c -> "18446744073709551615"), "unsigned 64-bit");
        assertTrue(parse("NS == 99999999999999999999999").test(c -> "18446744073709551615"), "saturated, as strtoumax");
        assertTrue(parse("NS == 2G").test(c -> "2147483648"));
        assertTrue(parse("NS == 3MiB").test(c -> "3145728"));
        assertEquals("number too large: 16E at position 7",
                assertThrows(Filter.Invalid.class, () -> parse("NS == 16E")).getMessage());
        assertTrue(parse("NS > 18446744073709551614").test(c -> "18446744073709551615"), "compared unsigned");
    }

    @Test
    void aCellThatIsNotOfItsComparisonsTypeStopsTheFilter() {
        Filter f = parse("NETNSID == 5");
        assertFalse(f.test(c -> ROWS[0][c]), "no value: 0, not 5");
        assertNull(f.failure());
        assertFalse(f.test(c -> ROWS[1][c]));
        assertEquals("filter: cannot compare NETNSID 'unassigned' as a number at position 9", f.failure());
        assertFalse(f.test(c -> ROWS[4][c]), "every row fails after a failure");
    }

    @Test
    void aLiteralThatCannotBeCastIsAnErrorWhenParsed() {
        assertEquals("cannot compare the string 'abc' as a number at position 6",
                assertThrows(Filter.Invalid.class, () -> parse("5 == 'abc'")).getMessage());
        assertEquals("", ns("'abc' == 5"), "the left side's type: strings, 'abc' is not '5'");
    }

    @Test
    void literalsAndBooleans() {
        assertEquals("1836 1833 2181 2397 2326", ns("1"));
        assertEquals("", ns("0"));
        assertEquals("", ns("\"\""));
        assertEquals("1836 1833 2181 2397 2326", ns("true"));
        assertEquals("1836 1833 2181 2397 2326", ns("(PID == 1) == (NPROCS > 5)"));
        assertEquals("1836 1833 2181 2397", ns("NPROCS == true"), "compared as booleans: a number is true when not 0");
    }

    @Test
    void emptyFilterMatchesEveryRowButBlanksDoNotParse() {
        assertEquals("1836 1833 2181 2397 2326", ns(""));
        assertEquals("unexpected end of the expression at position 3, expected a value",
                assertThrows(Filter.Invalid.class, () -> parse("  ")).getMessage());
    }

    @Test
    void limits() {
        // 64 comparisons joined by 63 ||: 4 * 64 - 1 = 255 nodes; one more is too many
        assertEquals("", ns("NS == 1 || ".repeat(63) + "NS == 1"));
        assertEquals("more than 256 terms and operators at position 711", // the 1 of comparison 65
                assertThrows(Filter.Invalid.class, () -> parse("NS == 1 || ".repeat(64) + "NS == 1")).getMessage());
        assertEquals("longer than 1024 bytes",
                assertThrows(Filter.Invalid.class, () -> parse("1 ".repeat(512) + " ")).getMessage());
    }

    @Test
    void usesNamesTheColumnsOfTheExpression() {
        Filter f = parse("netnsid == '5' || Type == 'pid'");
        assertTrue(f.uses(6));
        assertTrue(f.uses(1));
        assertFalse(f.uses(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "100.5        ; 100.5",
        "4026531836.0 ; 4.02653e+09",
        "0.0001       ; 0.0001",
        "0.00001      ; 1e-05",
        "123456.0     ; 123456",
        "1234567.0    ; 1.23457e+06",
    })
    void floatsBecomeStringsAsPrintfG(double f, String expected) {
        assertEquals(expected, Filter.gFormat(f));
    }
}
