package dev.jns.core.proc;

import dev.jns.core.ParseException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line of {@code /proc/PID/mountinfo}. See proc_pid_mountinfo(5):
 * {@code 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue}.
 * Paths have their octal escapes ({@code \040} for a space) decoded.
 */
public record MountInfo(int mountId, int parentId, int major, int minor, String root, String mountPoint,
                        String options, List<String> optionalFields, String fsType, String source,
                        String superOptions) {

    public MountInfo {
        optionalFields = List.copyOf(optionalFields);
    }

    /** Parses a whole mountinfo file; {@code path} is only used in errors. */
    public static List<MountInfo> parse(String content, Path path) {
        List<MountInfo> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : content.split("\n")) {
            lineNo++;
            if (!line.isEmpty()) {
                out.add(parseLine(line, path, lineNo));
            }
        }
        return List.copyOf(out);
    }

    static MountInfo parseLine(String line, Path path, int lineNo) {
        String[] f = line.split(" ");
        int sep = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                sep = i;
                break;
            }
        }
        if (f.length < 10 || sep < 0 || f.length < sep + 3) {
            throw new ParseException(path, lineNo, "expected 'ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS'");
        }
        int colon = f[2].indexOf(':');
        String root = unescape(f[3]);
        String mountPoint = unescape(f[4]);
        if (root.indexOf('\0') >= 0 || mountPoint.indexOf('\0') >= 0) {
            throw new ParseException(path, lineNo, "a NUL character in a path");
        }
        try {
            if (colon <= 0) {
                throw new NumberFormatException(f[2]);
            }
            return new MountInfo(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                    Integer.parseInt(f[2].substring(0, colon)), Integer.parseInt(f[2].substring(colon + 1)),
                    root, mountPoint, f[5], List.of(Arrays.copyOfRange(f, 6, sep)), f[sep + 1],
                    unescape(f[sep + 2]), sep + 3 < f.length ? f[sep + 3] : "");
        } catch (NumberFormatException e) {
            throw new ParseException(path, lineNo, "bad mount id or device number: " + e.getMessage());
        }
    }

    /** Decodes the kernel's octal escapes, e.g. {@code \040} to a space. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1) && isOctal(s, i + 2) && isOctal(s, i + 3)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }
}
