package dev.cairn.server.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare address
 * is a block of one. Parsing never touches DNS. Immutable.
 */
final class AddressRange {
  private final byte[] network;
  private final int prefixBits;
  private final String text;

  private AddressRange(byte[] network, int prefixBits, String text) {
    this.network = network;
    this.prefixBits = prefixBits;
    this.text = text;
  }

  /** Whether {@code text} is written as an IP address or CIDR block (not a host name). */
  static boolean looksLikeAddress(String text) {
    String address = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
    return address.contains(":") || address.matches("[0-9.]+");
  }

  /**
   * @throws IllegalArgumentException naming {@code text} when it is not an address or CIDR block
   */
  static AddressRange parse(String text) {
    String address = text;
    int bits = -1;
    int slash = text.indexOf('/');
    if (slash >= 0) {
      address = text.substring(0, slash);
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("`" + text + "` has no numeric prefix length");
      }
    }
    if (!looksLikeAddress(address)) {
      throw new IllegalArgumentException("`" + text + "` is not an IP address or CIDR block");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("`" + text + "` is not an IP address or CIDR block");
    }
    int max = bytes.length * 8;
    if (bits < 0) {
      bits = max;
    }
    if (bits > max) {
      throw new IllegalArgumentException(
          "`" + text + "`: the prefix length is larger than " + max + " bits");
    }
    return new AddressRange(bytes, bits, text);
  }

  boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  boolean contains(byte[] candidate) {
    if (candidate.length != network.length) {
      return false;
    }
    int full = prefixBits / 8;
    if (!Arrays.equals(candidate, 0, full, network, 0, full)) {
      return false;
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (candidate[full] & mask) == (network[full] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}
