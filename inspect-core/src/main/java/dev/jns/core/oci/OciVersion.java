package dev.jns.core.oci;

/**
 * A SemVer 2.0.0 version as found in {@code ociVersion}: major.minor.patch, an optional
 * pre-release and build metadata.
 */
record OciVersion(int major, int minor, int patch, String pre) implements Comparable<OciVersion> {

    /** Parses strict SemVer; null when {@code s} is not SemVer. */
    static OciVersion parse(String s) {
        if (s == null) {
            return null;
        }
        int plus = s.indexOf('+');
        String core = plus < 0 ? s : s.substring(0, plus);
        if (plus >= 0 && !identifiers(s.substring(plus + 1), false)) {
            return null;
        }
        int dash = core.indexOf('-');
        String pre = dash < 0 ? "" : core.substring(dash + 1);
        String nums = dash < 0 ? core : core.substring(0, dash);
        if (dash >= 0 && !identifiers(pre, true)) {
            return null;
        }
        String[] parts = nums.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        int[] v = new int[3];
        for (int i = 0; i < 3; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 9 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            for (int j = 0; j < p.length(); j++) {
                if (p.charAt(j) < '0' || p.charAt(j) > '9') {
                    return null;
                }
            }
            v[i] = Integer.parseInt(p);
        }
        return new OciVersion(v[0], v[1], v[2], pre);
    }

    private static boolean identifiers(String s, boolean noLeadingZeros) {
        if (s.isEmpty()) {
            return false;
        }
        for (String id : s.split("\\.", -1)) {
            if (id.isEmpty()) {
                return false;
            }
            boolean numeric = true;
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                if (!(c >= '0' && c <= '9')) {
                    numeric = false;
                    if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '-') {
                        return false;
                    }
                }
            }
            if (noLeadingZeros && numeric && id.length() > 1 && id.charAt(0) == '0') {
                return false;
            }
        }
        return true;
    }

    /** Compares major.minor.patch only (a pre-release counts as its release, e.g. 1.1.0-rc.1 as 1.1.0). */
    @Override
    public int compareTo(OciVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    /** Whether this version is older than {@code since} ("1.1.0"). */
    boolean before(String since) {
        OciVersion s = parse(since);
        return s != null && compareTo(s) < 0;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (pre.isEmpty() ? "" : "-" + pre);
    }
}
