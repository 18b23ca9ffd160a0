package dev.jns.cli.output;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A row filter in the language of util-linux's libsmartcols ({@code scols-filter(5)}, lsns's and
 * lsblk's {@code -Q/--filter}), over named columns with typed values, e.g.
 * {@code TYPE == "net" && NPROCS > 1} or {@code COMMAND =~ "^sleep"}.
 *
 * <p>It follows libsmartcols 2.40+ (filter-scanner.l, filter-parser.y, filter-expr.c,
 * filter-param.c), quirks included:
 * <ul>
 * <li>{@code &&}/{@code and} and {@code ||}/{@code or} have the <em>same</em> precedence and group
 *     left to right ({@code a || b && c} is {@code (a || b) && c}); the comparisons bind tighter
 *     and group left to right too; {@code !} takes one operand ({@code !A == B} is
 *     {@code (!A) == B}).</li>
 * <li>A comparison has one type: of the two sides', and when they differ the literal's rather
 *     than the column's, float rather than number. {@code NS == 4026531836} compares numbers,
 *     {@code NS == "4026531836"} strings. A column's cell is read as its own type first.</li>
 * <li>A row without a value (an empty cell) fails every number, float and boolean comparison,
 *     {@code !=} too; as a string it is less than every string; as a bare operand it is false.</li>
 * <li>String literals are trimmed of blanks; there are no escapes. {@code =~} and {@code !~} take
 *     a POSIX extended regular expression (string literal only), searched anywhere in the value.</li>
 * <li>Numbers are unsigned 64-bit and may end in K, M, G, T, P, E, Z, Y (with optional iB):
 *     powers of 1024. Floats are {@code N.N}.</li>
 * <li>Limits: 1024 bytes of expression, 256 terms and operators, 256 bytes of regular expression;
 *     regular expressions with nested or consecutive repetition are refused.</li>
 * </ul>
 *
 * <p>Where it differs: characters the language does not know are an error (flex echoes and skips
 * them); a literal that cannot be cast, or a regular expression on a number or boolean comparison,
 * is an error when parsed rather than when the first row is tested; floats are doubles. A cell
 * that cannot be read as its column's type (a string column compared with a number) stops the
 * filter: {@link #failure()} says which, as lsns stops with "failed to apply filter".
 *
 * <p>Nothing here is loaded unless a filter is given; a regular expression is compiled once, when
 * parsed.
 */
public final class Filter {

    /** A column's type, as libsmartcols derives it from the JSON type. */
    public enum Type {
        STRING, NUMBER, FLOAT, BOOLEAN;

        /** The type of a column with this JSON type. */
        public static Type of(Table.JsonType json) {
            return json == Table.JsonType.NUMBER ? NUMBER : STRING;
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One row's cells, by column index; {@code null} or empty for no value. */
    public interface Row {
        String value(int column);
    }

    /** A filter that does not parse or does not fit the columns: a usage error. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int position;

        Invalid(String message, int position) {
            this(message, position, "");
        }

        Invalid(String message, int position, String tail) {
            super(message + (position > 0 ? " at position " + position : "") + tail);
            this.position = position;
        }

        /** 1-based character position in the expression, 0 for the whole. */
        public int position() {
            return position;
        }
    }

    static final int MAX_EXPRESSION_BYTES = 1024;
    static final int MAX_NODES = 256;
    static final int MAX_REGEX_BYTES = 256;
    static final int MAX_REPEAT = 1024;

    private final Node root;
    private final boolean[] used;
    private String failure;

    private Filter(Node root, boolean[] used) {
        this.root = root;
        this.used = used;
    }

    /**
     * Parses {@code expression} over the columns {@code names} (matched ignoring case) of types
     * {@code types}. The empty expression matches every row.
     *
     * @throws Invalid naming the position, or an unknown column and the valid ones
     */
    public static Filter parse(String expression, List<String> names, List<Type> types) {
        if (expression.getBytes(StandardCharsets.UTF_8).length > MAX_EXPRESSION_BYTES) {
            throw new Invalid("longer than " + MAX_EXPRESSION_BYTES + " bytes", 0);
        }
        boolean[] used = new boolean[names.size()];
        Node root = null;
        if (!expression.isEmpty()) {
            Parser p = new Parser(expression, names, types, used);
            root = p.parseAll();
        }
        return new Filter(root, used);
    }

    /** Whether the expression names column {@code index}. */
    public boolean uses(int index) {
        return used[index];
    }

    /**
     * Whether {@code row} passes. After a cell that cannot be read as its type, every row fails
     * and {@link #failure()} says why.
     */
    public boolean test(Row row) {
        if (failure != null) {
            return false;
        }
        if (root == null) {
            return true;
        }
        try {
            return truth(root, row);
        } catch (Invalid e) {
            failure = e.getMessage();
            return false;
        }
    }

    /** Why the filter stopped ({@code "filter: ..."}), or null. */
    public String failure() {
        return failure == null ? null : "filter: " + failure;
    }

    // ---- values --------------------------------------------------------------------------------

    /** A value of one type; {@code empty}: no value (libsmartcols' "empty" param). */
    private static final class Val {
        final Type type;
        final boolean empty;
        final String s;
        final long n;
        final double f;
        final boolean b;

        Val(Type type, boolean empty, String s, long n, double f, boolean b) {
            this.type = type;
            this.empty = empty;
            this.s = s;
            this.n = n;
            this.f = f;
            this.b = b;
        }

        static Val string(String s) {
            return new Val(Type.STRING, s == null, s, 0, 0, false);
        }

        static Val number(long n) {
            return new Val(Type.NUMBER, false, null, n, 0, false);
        }

        static Val real(double f) {
            return new Val(Type.FLOAT, false, null, 0, f, false);
        }

        static Val bool(boolean b) {
            return new Val(Type.BOOLEAN, false, null, 0, 0, b);
        }

        /** The value as a bare operand: set and not zero or empty. */
        boolean truth() {
            if (empty) {
                return false;
            }
            return switch (type) {
                case STRING -> s != null && !s.isEmpty();
                case NUMBER -> n != 0;
                case FLOAT -> f != 0;
                case BOOLEAN -> b;
            };
        }

        String show() {
            return switch (type) {
                case STRING -> s == null ? "(none)" : "'" + s + "'";
                case NUMBER -> Long.toUnsignedString(n);
                case FLOAT -> gFormat(f);
                case BOOLEAN -> Boolean.toString(b);
            };
        }
    }

    /**
     * {@code v} as {@code type}, as filter-param.c casts: a copy loses "empty" unless it is a
     * string without a value, so a number cell without a value compared as a string reads "0".
     */
    private static Val cast(Val v, Type type, String what, int pos) {
        if (v.type == type) {
            return v;
        }
        boolean empty = v.type == Type.STRING && v.s == null;
        switch (v.type) {
            case STRING -> {
                String s = v.s;
                return switch (type) {
                    case NUMBER -> new Val(type, empty, null, s == null ? 0 : toNumber(s, what, pos), 0, false);
                    case FLOAT -> new Val(type, empty, null, 0, s == null ? 0 : toFloat(s, what, pos), false);
                    default -> new Val(type, empty, null, 0, 0, s != null && !s.isEmpty()
                            && (s.equals("1") || s.equalsIgnoreCase("true") || s.charAt(0) == 'y' || s.charAt(0) == 'Y'));
                };
            }
            case NUMBER -> {
                return switch (type) {
                    case STRING -> Val.string(Long.toUnsignedString(v.n));
                    case FLOAT -> Val.real(unsignedToDouble(v.n));
                    default -> Val.bool(v.n != 0);
                };
            }
            case FLOAT -> {
                return switch (type) {
                    case STRING -> Val.string(gFormat(v.f));
                    case NUMBER -> Val.number(doubleToUnsigned(v.f));
                    default -> Val.bool(v.f > 0);
                };
            }
            default -> {
                return switch (type) {
                    case STRING -> Val.string(v.b ? "true" : "false");
                    case NUMBER -> Val.number(v.b ? 1 : 0);
                    default -> Val.real(v.b ? 1 : 0);
                };
            }
        }
    }

    /** util-linux's ul_strtou64: optional sign (a negative is an error), decimal digits, at most 2^64-1. */
    private static long toNumber(String s, String what, int pos) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == s.length()) {
            throw notA(Type.NUMBER, s, what, pos);
        }
        long n = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw notA(Type.NUMBER, s, what, pos);
            }
            long next = n * 10 + (c - '0');
            if (Long.compareUnsigned(n, 0x1999_9999_9999_9999L) > 0 || Long.compareUnsigned(next, n * 10) < 0) {
                throw new Invalid(what + " " + s + " is larger than a 64-bit number", pos);
            }
            n = next;
        }
        if (negative && n != 0) {
            throw notA(Type.NUMBER, s, what, pos);
        }
        return n;
    }

    /** strtold's decimal form: [+-] digits [. digits] [e [+-] digits], or [+-] . digits ... */
    private static double toFloat(String s, String what, int pos) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits > 0 && i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            int exp = 0;
            while (j < n && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                j++;
                exp++;
            }
            if (exp > 0) {
                i = j;
            }
        }
        if (digits == 0 || i != n) {
            throw notA(Type.FLOAT, s, what, pos);
        }
        return Double.parseDouble(s);
    }

    private static Invalid notA(Type type, String s, String what, int pos) {
        return new Invalid("cannot compare " + what + " '" + s + "' as a " + type.word(), pos);
    }

    private static double unsignedToDouble(long n) {
        return n >= 0 ? n : ((n >>> 1) | (n & 1)) * 2.0;
    }

    private static long doubleToUnsigned(double f) {
        if (!(f > 0)) {
            return 0;
        }
        if (f >= 0x1p64) {
            return -1L;
        }
        return f < 0x1p63 ? (long) f : new BigDecimal(f).toBigInteger().longValue();
    }

    /** C's {@code %g}: six significant digits, trailing zeros dropped, an exponent outside 1e-4..1e6. */
    static String gFormat(double f) {
        if (f == 0) {
            return "0";
        }
        if (Double.isInfinite(f) || Double.isNaN(f)) {
            return Double.isNaN(f) ? "nan" : f > 0 ? "inf" : "-inf";
        }
        BigDecimal d = new BigDecimal(f).round(new MathContext(6));
        int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 6) {
            BigDecimal mant = d.movePointLeft(exp).stripTrailingZeros();
            String m = mant.scale() <= 0 ? mant.toBigInteger().toString() : mant.toPlainString();
            return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        BigDecimal plain = d.stripTrailingZeros();
        return plain.scale() <= 0 ? plain.toBigInteger().toString() : plain.toPlainString();
    }

    /** Code-point order, which is the byte order of UTF-8 (strcmp); no value is less than any. */
    private static int compareStrings(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ---- the tree ------------------------------------------------------------------------------

    private enum Op {
        AND("&&"), OR("||"), NOT("!"), EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), REG("=~"), NREG("!~");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean logical() {
            return this == AND || this == OR || this == NOT;
        }
    }

    private abstract static class Node {
        final int pos;

        Node(int pos) {
            this.pos = pos;
        }

        /** The type this node gives a comparison: a column's, a literal's, boolean for an expression. */
        abstract Type type();
    }

    /** A literal, or a column ("holder"). */
    private static final class Param extends Node {
        final Val literal;
        final int column;
        final String name;
        final Type columnType;

        Param(int pos, Val literal) {
            super(pos);
            this.literal = literal;
            this.column = -1;
            this.name = null;
            this.columnType = null;
        }

        Param(int pos, int column, String name, Type columnType) {
            super(pos);
            this.literal = null;
            this.column = column;
            this.name = name;
            this.columnType = columnType;
        }

        @Override
        Type type() {
            return literal != null ? literal.type : columnType;
        }
    }

    private static final class Expr extends Node {
        final Op op;
        final Node left;
        final Node right;
        /** A comparison's type; null for and, or, not. */
        Type cmp;
        /** The literal sides, already cast to {@code cmp}. */
        Val leftLiteral;
        Val rightLiteral;
        Pattern regex;

        Expr(int pos, Op op, Node left, Node right) {
            super(pos);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Type type() {
            return Type.BOOLEAN;
        }
    }

    // ---- evaluation ----------------------------------------------------------------------------

    private boolean truth(Node n, Row row) {
        if (n instanceof Param p) {
            return fetch(p, row).truth();
        }
        Expr e = (Expr) n;
        switch (e.op) {
            case AND:
                return truth(e.left, row) && truth(e.right, row);
            case OR:
                return truth(e.left, row) || truth(e.right, row);
            case NOT:
                return !truth(e.right, row);
            default:
                break;
        }
        Val l = e.leftLiteral != null ? e.leftLiteral : operand(e.left, e, row);
        Val r = e.rightLiteral != null ? e.rightLiteral : operand(e.right, e, row);
        return compare(e, l, r);
    }

    /** A side of comparison {@code e}, cast to its type. */
    private Val operand(Node n, Expr e, Row row) {
        if (n instanceof Param p) {
            return cast(fetch(p, row), e.cmp, p.name, e.pos);
        }
        return cast(Val.bool(truth(n, row)), e.cmp, "", e.pos);
    }

    /** A column's cell, trimmed, read as the column's type. */
    private Val fetch(Param p, Row row) {
        if (p.literal != null) {
            return p.literal;
        }
        String v = row.value(p.column);
        v = v == null ? null : v.strip();
        if (v != null && v.isEmpty()) {
            v = null;
        }
        Val s = Val.string(v);
        if (p.columnType == Type.STRING) {
            return s;
        }
        Val typed = cast(s, p.columnType, p.name, p.pos);
        return new Val(typed.type, v == null, typed.s, typed.n, typed.f, typed.b);
    }

    private static boolean compare(Expr e, Val l, Val r) {
        if (e.cmp == Type.STRING) {
            if (e.op == Op.REG || e.op == Op.NREG) {
                boolean found = e.regex.matcher(l.s == null ? "" : l.s).find();
                return e.op == Op.REG ? found : !found;
            }
            return ordered(e.op, compareStrings(l.s, r.s));
        }
        if (l.empty || r.empty) {
            return false;
        }
        return switch (e.cmp) {
            case NUMBER -> ordered(e.op, Long.compareUnsigned(l.n, r.n));
            case FLOAT -> e.op == Op.NE ? l.f != r.f : ordered(e.op, Double.compare(l.f, r.f));
            default -> ordered(e.op, Boolean.compare(l.b, r.b));
        };
    }

    private static boolean ordered(Op op, int c) {
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            default -> c >= 0;
        };
    }

    // ---- parsing -------------------------------------------------------------------------------

    private enum Tok {
        LPAREN, RPAREN, OP, NUMBER, FLOAT, STRING, TRUE, FALSE, HOLDER, END
    }

    /** A recursive-descent parser with bison's precedences of filter-parser.y. */
    private static final class Parser {
        private final String src;
        private final List<String> names;
        private final List<Type> types;
        private final boolean[] used;
        private int at;
        private int nodes;
        // the current token
        private Tok tok;
        private Op op;
        private String text;
        private int start;

        Parser(String src, List<String> names, List<Type> types, boolean[] used) {
            this.src = src;
            this.names = names;
            this.types = types;
            this.used = used;
        }

        Node parseAll() {
            next();
            Node n = expr();
            if (tok != Tok.END) {
                throw unexpected("an operator or the end");
            }
            return n;
        }

        /** expr: cmp ((&& | ||) cmp)*, both at one level, left to right. */
        private Node expr() {
            Node left = comparison();
            while (tok == Tok.OP && (op == Op.AND || op == Op.OR)) {
                Op o = op;
                int pos = start;
                next();
                left = node(new Expr(pos, o, left, comparison()));
            }
            return left;
        }

        /** comparison: unary (OP unary)*, left to right. */
        private Node comparison() {
            Node left = unary();
            while (tok == Tok.OP && !op.logical()) {
                Op o = op;
                int pos = start;
                next();
                Expr e = new Expr(pos, o, left, unary());
                node(e);
                typeCheck(e);
                left = e;
            }
            return left;
        }

        private Node unary() {
            if (tok == Tok.OP && op == Op.NOT) {
                int pos = start;
                next();
                return node(new Expr(pos, Op.NOT, null, unary()));
            }
            return primary();
        }

        private Node primary() {
            int pos = start;
            String t = text;
            switch (tok) {
                case LPAREN -> {
                    next();
                    Node n = expr();
                    if (tok != Tok.RPAREN) {
                        throw tok == Tok.END ? new Invalid("missing ')' for the '(' at position " + pos + ", at the end", 0)
                                : unexpected("')'");
                    }
                    next();
                    return n;
                }
                case NUMBER -> {
                    next();
                    return node(new Param(pos, Val.number(number(t, pos))));
                }
                case FLOAT -> {
                    next();
                    return node(new Param(pos, Val.real(Double.parseDouble(t))));
                }
                case STRING -> {
                    next();
                    return node(new Param(pos, Val.string(t.substring(1, t.length() - 1).strip())));
                }
                case TRUE, FALSE -> {
                    boolean value = tok == Tok.TRUE;
                    next();
                    return node(new Param(pos, Val.bool(value)));
                }
                case HOLDER -> {
                    int col = column(t, pos);
                    next();
                    used[col] = true;
                    return node(new Param(pos, col, names.get(col), types.get(col)));
                }
                default -> throw unexpected("a value");
            }
        }

        private int column(String name, int pos) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(name)) {
                    return i;
                }
            }
            throw new Invalid("unknown column: " + name, pos, " (valid: " + String.join(", ", names) + ")");
        }

        private <T extends Node> T node(T n) {
            if (++nodes > MAX_NODES) {
                throw new Invalid("more than " + MAX_NODES + " terms and operators", n.pos);
            }
            return n;
        }

        /**
         * The comparison's type (filter-expr.c's guess_expr_datatype): the sides' if equal; else
         * a literal's rather than a column's, the left one's when both or neither are columns;
         * float rather than number. Literals are cast once, here.
         */
        private void typeCheck(Expr e) {
            Type l = e.left.type();
            Type r = e.right.type();
            Type type;
            if (l == r) {
                type = l;
            } else {
                boolean lc = isColumn(e.left);
                boolean rc = isColumn(e.right);
                type = lc && !rc ? r : l;
                if (type == Type.NUMBER && (l == Type.FLOAT || r == Type.FLOAT)) {
                    type = Type.FLOAT;
                }
            }
            e.cmp = type;
            if (e.op == Op.REG || e.op == Op.NREG) {
                if (!(e.right instanceof Param p) || p.literal == null || p.literal.type != Type.STRING) {
                    throw new Invalid("the right side of " + e.op.symbol + " must be a string", e.right.pos);
                }
                if (type != Type.STRING) {
                    throw new Invalid(e.op.symbol + " matches strings, not a " + type.word(), e.pos);
                }
                e.regex = regex(p.literal.s, p.pos);
            }
            e.leftLiteral = literal(e.left, type);
            e.rightLiteral = literal(e.right, type);
        }

        private static boolean isColumn(Node n) {
            return n instanceof Param p && p.literal == null;
        }

        private static Val literal(Node n, Type type) {
            if (n instanceof Param p && p.literal != null) {
                return cast(p.literal, type, "the " + p.literal.type.word(), p.pos);
            }
            return null;
        }

        /** A literal number: digits, saturated at 2^64-1 (strtoumax), or with a power-of-1024 suffix. */
        private static long number(String t, int pos) {
            int end = 0;
            while (end < t.length() && t.charAt(end) >= '0' && t.charAt(end) <= '9') {
                end++;
            }
            BigInteger v = new BigInteger(t.substring(0, end));
            if (end < t.length()) {
                int power = "KMGTPEZY".indexOf(t.charAt(end)) + 1;
                v = v.shiftLeft(10 * power);
                if (v.bitLength() > 64) {
                    throw new Invalid("number too large: " + t, pos);
                }
            }
            return v.bitLength() > 64 ? -1L : v.longValue();
        }

        // ---- the scanner (filter-scanner.l) ----

        private void next() {
            int n = src.length();
            while (at < n && (src.charAt(at) == ' ' || src.charAt(at) == '\t' || src.charAt(at) == '\n')) {
                at++;
            }
            start = at + 1;
            if (at == n) {
                tok = Tok.END;
                text = "";
                return;
            }
            char c = src.charAt(at);
            char d = at + 1 < n ? src.charAt(at + 1) : 0;
            int from = at;
            if (c == '(' || c == ')') {
                at++;
                tok = c == '(' ? Tok.LPAREN : Tok.RPAREN;
            } else if (c == '"' || c == '\'') {
                int close = src.indexOf(c, at + 1);
                int nl = src.indexOf('\n', at + 1);
                if (close < 0 || (nl >= 0 && nl < close)) {
                    throw new Invalid("unterminated string", start);
                }
                at = close + 1;
                tok = Tok.STRING;
            } else if (c >= '0' && c <= '9') {
                number();
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                at++;
                while (at < n && isHolderChar(src.charAt(at))) {
                    at++;
                }
                word(src.substring(from, at));
            } else {
                Op o = switch (c) {
                    case '&' -> d == '&' ? Op.AND : null;
                    case '|' -> d == '|' ? Op.OR : null;
                    case '!' -> d == '=' ? Op.NE : d == '~' ? Op.NREG : Op.NOT;
                    case '=' -> d == '=' ? Op.EQ : d == '~' ? Op.REG : null;
                    case '<' -> d == '=' ? Op.LE : Op.LT;
                    case '>' -> d == '=' ? Op.GE : Op.GT;
                    default -> null;
                };
                if (o == null) {
                    throw new Invalid("unexpected character '" + c + "'", start);
                }
                at += o.symbol.length();
                tok = Tok.OP;
                op = o;
            }
            text = src.substring(from, at);
        }

        /** [0-9]+ '.' [0-9]+ | [0-9]+ [KMGTPEZY](iB)? | [0-9]+ */
        private void number() {
            int n = src.length();
            while (at < n && src.charAt(at) >= '0' && src.charAt(at) <= '9') {
                at++;
            }
            tok = Tok.NUMBER;
            if (at + 1 < n && src.charAt(at) == '.' && src.charAt(at + 1) >= '0' && src.charAt(at + 1) <= '9') {
                at++;
                while (at < n && src.charAt(at) >= '0' && src.charAt(at) <= '9') {
                    at++;
                }
                tok = Tok.FLOAT;
            } else if (at < n && "KMGTPEZY".indexOf(src.charAt(at)) >= 0) {
                at++;
                if (src.startsWith("iB", at)) {
                    at += 2;
                }
            }
        }

        private static boolean isHolderChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_.%:/-".indexOf(c) >= 0;
        }

        /** A word is a keyword when all of it is one, in lower or upper case; else a column name. */
        private void word(String w) {
            tok = Tok.OP;
            switch (w) {
                case "and", "AND" -> op = Op.AND;
                case "or", "OR" -> op = Op.OR;
                case "not", "NOT" -> op = Op.NOT;
                case "eq", "EQ" -> op = Op.EQ;
                case "ne", "NE" -> op = Op.NE;
                case "le", "LE" -> op = Op.LE;
                case "lt", "LT" -> op = Op.LT;
                case "ge", "GE" -> op = Op.GE;
                case "gt", "GT" -> op = Op.GT;
                case "true", "TRUE" -> tok = Tok.TRUE;
                case "false", "FALSE" -> tok = Tok.FALSE;
                default -> tok = Tok.HOLDER;
            }
        }

        private Invalid unexpected(String expected) {
            String what = tok == Tok.END ? "end of the expression" : "'" + text + "'";
            return new Invalid("unexpected " + what + " at position " + start + ", expected " + expected, 0);
        }
    }

    // ---- regular expressions -------------------------------------------------------------------

    /** A POSIX extended regular expression as a Java pattern; refused as libsmartcols refuses it. */
    static Pattern regex(String ere, int pos) {
        if (ere.getBytes(StandardCharsets.UTF_8).length > MAX_REGEX_BYTES) {
            throw new Invalid("regular expression longer than " + MAX_REGEX_BYTES + " bytes", pos);
        }
        if (unsafe(ere)) {
            throw new Invalid("regular expression with nested or consecutive repetition, or a bound over "
                    + MAX_REPEAT + " (refused, as libsmartcols refuses it)", pos);
        }
        try {
            return Pattern.compile(javaRegex(ere, pos), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new Invalid("invalid regular expression: " + e.getDescription(), pos);
        }
    }

    /** filter-param.c's is_unsafe_regex: a++, a**, (a+)+, and {N} over 1024. */
    private static boolean unsafe(String p) {
        int len = p.length();
        for (int i = 0; i + 1 < len; i++) {
            char c = p.charAt(i);
            char d = p.charAt(i + 1);
            if ((c == '+' || c == '*') && (d == '+' || d == '*')) {
                return true;
            }
            if (c == ')' && (d == '+' || d == '*')) {
                for (int j = i - 1; j >= 0; j--) {
                    if (p.charAt(j) == '(') {
                        break;
                    }
                    if (p.charAt(j) == '+' || p.charAt(j) == '*') {
                        return true;
                    }
                }
            }
            if (c == '{') {
                int k = i + 1;
                while (k < len && p.charAt(k) != '}') {
                    if (p.charAt(k) >= '0' && p.charAt(k) <= '9') {
                        int s = k;
                        while (k < len && p.charAt(k) >= '0' && p.charAt(k) <= '9') {
                            k++;
                        }
                        if (k - s > 9 || Long.parseLong(p.substring(s, k)) > MAX_REPEAT) {
                            return true;
                        }
                    } else {
                        k++;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Translates what differs between POSIX ERE (glibc) and java.util.regex: bracket expressions
     * ({@code [[:alpha:]]}, a literal backslash, {@code [} and {@code &} inside), {@code $} (the
     * end of the value only), {@code {,N}}, and glibc's {@code \< \> \` \'}; a backslash before
     * another letter is that letter.
     */
    static String javaRegex(String ere, int pos) {
        StringBuilder b = new StringBuilder(ere.length() + 8);
        int n = ere.length();
        int i = 0;
        while (i < n) {
            char c = ere.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char d = ere.charAt(i + 1);
                switch (d) {
                    case 'w', 'W', 's', 'S', 'b', 'B' -> b.append('\\').append(d);
                    case '<' -> b.append("\\b(?=\\w)");
                    case '>' -> b.append("\\b(?<=\\w)");
                    case '`' -> b.append("\\A");
                    case '\'' -> b.append("\\z");
                    default -> {
                        if (d >= '1' && d <= '9' || !Character.isLetterOrDigit(d)) {
                            b.append('\\').append(d);
                        } else {
                            b.append(d);
                        }
                    }
                }
                i += 2;
            } else if (c == '[') {
                i = bracket(ere, i, b, pos);
            } else if (c == '$') {
                b.append("\\z");
                i++;
            } else if (c == '{' && i + 1 < n && ere.charAt(i + 1) == ',') {
                b.append("{0");
                i++;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    private static final String[][] CLASSES = {
        {"alpha", "Alpha"}, {"digit", "Digit"}, {"alnum", "Alnum"}, {"upper", "Upper"}, {"lower", "Lower"},
        {"space", "Space"}, {"blank", "Blank"}, {"punct", "Punct"}, {"print", "Print"}, {"graph", "Graph"},
        {"cntrl", "Cntrl"}, {"xdigit", "XDigit"}};

    private static int bracket(String s, int i, StringBuilder b, int pos) {
        int n = s.length();
        StringBuilder c = new StringBuilder("[");
        int j = i + 1;
        if (j < n && s.charAt(j) == '^') {
            c.append('^');
            j++;
        }
        boolean first = true;
        while (j < n) {
            char ch = s.charAt(j);
            if (ch == ']' && !first) {
                b.append(c).append(']');
                return j + 1;
            }
            first = false;
            if (ch == '[' && j + 1 < n && ":=.".indexOf(s.charAt(j + 1)) >= 0) {
                char kind = s.charAt(j + 1);
                int end = s.indexOf(kind + "]", j + 2);
                if (end < 0) {
                    throw new Invalid("invalid regular expression: unterminated [" + kind, pos);
                }
                String name = s.substring(j + 2, end);
                if (kind == ':') {
                    String java = null;
                    for (String[] k : CLASSES) {
                        if (k[0].equals(name)) {
                            java = k[1];
                        }
                    }
                    if (java == null) {
                        throw new Invalid("invalid regular expression: unknown class [:" + name + ":]", pos);
                    }
                    c.append("\\p{").append(java).append('}');
                } else {
                    c.append(escapeInClass(name)); // [=e=] and [.e.]: the character itself
                }
                j = end + 2;
                continue;
            }
            if ("\\[]&^".indexOf(ch) >= 0) {
                c.append('\\');
            }
            c.append(ch);
            j++;
        }
        throw new Invalid("invalid regular expression: unmatched [", pos);
    }

    private static String escapeInClass(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if ("\\[]&^-".indexOf(ch) >= 0) {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }
}
