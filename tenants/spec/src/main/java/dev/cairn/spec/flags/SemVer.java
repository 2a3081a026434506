package dev.cairn.spec.flags;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A semantic version (semver.org 2.0) with precedence; a missing minor or patch is 0. */
record SemVer(BigInteger major, BigInteger minor, BigInteger patch, List<String> pre)
    implements Comparable<SemVer> {
  private static final Pattern FORM =
      Pattern.compile(
          "v?(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*))?(?:\\.(0|[1-9]\\d*))?"
              + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

  static Optional<SemVer> parse(Object value) {
    if (!(value instanceof String text)) {
      return Optional.empty();
    }
    SemVer plain = plain(text);
    if (plain != null) {
      return Optional.of(plain);
    }
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new SemVer(
            new BigInteger(m.group(1)),
            m.group(2) == null ? BigInteger.ZERO : new BigInteger(m.group(2)),
            m.group(3) == null ? BigInteger.ZERO : new BigInteger(m.group(3)),
            m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."))));
  }

  /**
   * The common case without a regex (evaluation parses the caller's version for every semver
   * clause): {@code [v]N[.N[.N]]}, short numbers, no pre-release or build; null for anything else,
   * which the full pattern then reads.
   */
  private static SemVer plain(String text) {
    long[] parts = new long[3];
    int part = 0;
    int digits = 0;
    int start = text.startsWith("v") ? 1 : 0;
    if (start == text.length()) {
      return null;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits == 1 && parts[part] == 0 || ++digits > 15) {
          return null; // a leading zero, or long enough for the full reader
        }
        parts[part] = parts[part] * 10 + (c - '0');
      } else if (c == '.' && digits > 0 && part < 2) {
        part++;
        digits = 0;
      } else {
        return null;
      }
    }
    if (digits == 0) {
      return null;
    }
    return new SemVer(
        BigInteger.valueOf(parts[0]),
        BigInteger.valueOf(parts[1]),
        BigInteger.valueOf(parts[2]),
        List.of());
  }

  @Override
  public int compareTo(SemVer o) {
    int c = major.compareTo(o.major);
    if (c == 0) {
      c = minor.compareTo(o.minor);
    }
    if (c == 0) {
      c = patch.compareTo(o.patch);
    }
    if (c != 0) {
      return c;
    }
    if (pre.isEmpty() || o.pre.isEmpty()) {
      return Boolean.compare(pre.isEmpty(), o.pre.isEmpty());
    }
    for (int i = 0; i < Math.min(pre.size(), o.pre.size()); i++) {
      c = compareIdentifiers(pre.get(i), o.pre.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pre.size(), o.pre.size());
  }

  private static int compareIdentifiers(String a, String b) {
    boolean aNum = a.chars().allMatch(Character::isDigit);
    boolean bNum = b.chars().allMatch(Character::isDigit);
    if (aNum && bNum) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    if (aNum != bNum) {
      return aNum ? -1 : 1;
    }
    return a.compareTo(b);
  }
}
