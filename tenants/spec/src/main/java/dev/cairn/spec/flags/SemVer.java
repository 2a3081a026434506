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
