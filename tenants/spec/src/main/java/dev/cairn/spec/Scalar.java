package dev.cairn.spec;

import dev.cairn.spec.internal.JsonSyntax;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The scalars a tenant schema may use: GraphQL's built-ins and AppSync's AWS scalars, each with the
 * value rule AppSync applies. {@link #check(String)} validates a value given as its literal text
 * (for {@code @default} and for the server's input coercion).
 */
public enum Scalar {
  ID,
  String,
  Int,
  Float,
  Boolean,
  /** {@code YYYY-MM-DD}, optionally with a zone offset ({@code Z}, {@code +hh:mm}). */
  AWSDate,
  /** {@code hh:mm[:ss[.sss]]}, optionally with a zone offset. */
  AWSTime,
  /** {@code YYYY-MM-DDThh:mm[:ss[.sss]]} with a required zone offset. */
  AWSDateTime,
  /** An integer number of seconds since the epoch. */
  AWSTimestamp,
  /** {@code local@domain}, per RFC 822. */
  AWSEmail,
  /** A string holding a JSON value. */
  AWSJSON,
  /** An absolute URL with a scheme, e.g. {@code https://example.com/a} or {@code mailto:a@b.c}. */
  AWSURL,
  /** A phone number: optional {@code +}, digits, with spaces or hyphens between groups. */
  AWSPhone,
  /** An IPv4 or IPv6 address, optionally with a {@code /prefix}. */
  AWSIPAddress;

  private static final String OFFSET = "(Z|[+-]\\d{2}:\\d{2}(:\\d{2})?)";
  private static final String DATE = "\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])";
  private static final String TIME = "([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?";
  private static final Pattern DATE_PATTERN = Pattern.compile(DATE + OFFSET + "?");
  private static final Pattern TIME_PATTERN = Pattern.compile(TIME + OFFSET + "?");
  private static final Pattern DATE_TIME_PATTERN = Pattern.compile(DATE + "T" + TIME + OFFSET);
  private static final Pattern EMAIL_PATTERN =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*");
  private static final Pattern PHONE_PATTERN = Pattern.compile("\\+?\\d+([ -]?\\d+)*");
  private static final Pattern IPV4_PATTERN =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(/(3[0-2]|[12]?\\d))?");
  private static final Pattern IPV6_PATTERN =
      Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(/(12[0-8]|1[01]\\d|[1-9]?\\d))?");

  public static Optional<Scalar> fromName(java.lang.String name) {
    return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * Checks a value given as text (a number's digits, a string's content without quotes).
   *
   * @return empty when valid, otherwise what is wrong and what a valid value looks like
   */
  public Optional<java.lang.String> check(java.lang.String value) {
    boolean ok =
        switch (this) {
          case ID, String -> true;
          case Int -> fitsInt(value);
          case Float -> isFloat(value);
          case Boolean -> value.equals("true") || value.equals("false");
          case AWSDate -> DATE_PATTERN.matcher(value).matches();
          case AWSTime -> TIME_PATTERN.matcher(value).matches();
          case AWSDateTime -> DATE_TIME_PATTERN.matcher(value).matches();
          case AWSTimestamp -> value.matches("-?\\d{1,18}");
          case AWSEmail -> EMAIL_PATTERN.matcher(value).matches();
          case AWSJSON -> JsonSyntax.isValid(value);
          case AWSURL -> isUrl(value);
          case AWSPhone -> PHONE_PATTERN.matcher(value).matches() && digits(value) >= 3;
          case AWSIPAddress -> IPV4_PATTERN.matcher(value).matches() || isIpv6(value);
        };
    return ok
        ? Optional.empty()
        : Optional.of("`" + value + "` is not a valid " + name() + "; " + example());
  }

  private java.lang.String example() {
    return switch (this) {
      case ID, String -> "";
      case Int -> "use a whole number between -2147483648 and 2147483647";
      case Float -> "use a number such as 1.5";
      case Boolean -> "use true or false";
      case AWSDate -> "use YYYY-MM-DD, e.g. 2024-05-31";
      case AWSTime -> "use hh:mm:ss, e.g. 14:30:00 or 14:30:00Z";
      case AWSDateTime -> "use YYYY-MM-DDThh:mm:ss with a zone, e.g. 2024-05-31T14:30:00Z";
      case AWSTimestamp -> "use whole seconds since 1970-01-01, e.g. 1717165800";
      case AWSEmail -> "use an address such as ops@example.com";
      case AWSJSON -> "use a JSON text such as {\"a\": 1}";
      case AWSURL -> "use an absolute URL such as https://example.com/path";
      case AWSPhone -> "use digits with optional +, spaces or hyphens, e.g. +1 555-0100";
      case AWSIPAddress -> "use an IPv4 or IPv6 address, e.g. 192.0.2.1 or 2001:db8::1";
    };
  }

  private static boolean fitsInt(java.lang.String value) {
    try {
      Integer.parseInt(value);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isFloat(java.lang.String value) {
    return value.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
  }

  private static boolean isUrl(java.lang.String value) {
    try {
      URI uri = new URI(value);
      return uri.isAbsolute()
          && (uri.isOpaque() || (uri.getHost() != null && !uri.getRawPath().contains("//")));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static int digits(java.lang.String value) {
    return (int) value.chars().filter(Character::isDigit).count();
  }

  private static boolean isIpv6(java.lang.String value) {
    if (!IPV6_PATTERN.matcher(value).matches()) {
      return false;
    }
    java.lang.String address = value.contains("/") ? value.substring(0, value.indexOf('/')) : value;
    try {
      // A literal containing ':' is parsed, never resolved through DNS.
      return java.net.InetAddress.getByName(address) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
