package dev.cairn.server.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which IP addresses are on the public internet. Everything else — loopback, private (RFC 1918,
 * unique-local), link-local (where cloud metadata services answer, e.g. {@code 169.254.169.254}),
 * carrier-grade NAT ({@code 100.64.0.0/10}, where some clouds put theirs), multicast, documentation
 * and reserved blocks — is refused as a target of a tenant-supplied URL. IPv6 forms that embed an
 * IPv4 address (mapped, compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged
 * by the IPv4 address inside.
 */
final class PublicAddresses {
  private PublicAddresses() {}

  private record Block(AddressRange range, String kind) {}

  private static final List<Block> NOT_PUBLIC =
      List.of(
          block("0.0.0.0/8", "a 'this network' address"),
          block("10.0.0.0/8", "a private address"),
          block("100.64.0.0/10", "a carrier-grade NAT address"),
          block("127.0.0.0/8", "a loopback address"),
          block("169.254.0.0/16", "a link-local address (cloud metadata lives here)"),
          block("172.16.0.0/12", "a private address"),
          block("192.0.0.0/24", "an IETF protocol address"),
          block("192.0.2.0/24", "a documentation address"),
          block("192.88.99.0/24", "a 6to4 relay address"),
          block("192.168.0.0/16", "a private address"),
          block("198.18.0.0/15", "a benchmarking address"),
          block("198.51.100.0/24", "a documentation address"),
          block("203.0.113.0/24", "a documentation address"),
          block("224.0.0.0/4", "a multicast address"),
          block("240.0.0.0/4", "a reserved address"),
          block("::/128", "the unspecified address"),
          block("::1/128", "a loopback address"),
          block("64:ff9b:1::/48", "a local NAT64 address"),
          block("100::/64", "a discard address"),
          block("2001::/23", "an IETF protocol address (Teredo and others)"),
          block("2001:db8::/32", "a documentation address"),
          block("fc00::/7", "a unique-local (private) address"),
          block("fe80::/10", "a link-local address"),
          block("fec0::/10", "a site-local address"),
          block("ff00::/8", "a multicast address"));

  private static final AddressRange NAT64 = AddressRange.parse("64:ff9b::/96");
  private static final AddressRange SIX_TO_FOUR = AddressRange.parse("2002::/16");
  private static final AddressRange IPV4_COMPATIBLE = AddressRange.parse("::/96");

  private static Block block(String cidr, String kind) {
    return new Block(AddressRange.parse(cidr), kind);
  }

  /** Why {@code address} is not public ("a private address"), or empty when it is public. */
  static Optional<String> whyNotPublic(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      Optional<byte[]> embedded = embeddedIpv4(bytes);
      if (embedded.isPresent()) {
        return whyNotPublic(embedded.get());
      }
    }
    return whyNotPublic(bytes);
  }

  private static Optional<String> whyNotPublic(byte[] bytes) {
    for (Block b : NOT_PUBLIC) {
      if (b.range().contains(bytes)) {
        return Optional.of(b.kind());
      }
    }
    return Optional.empty();
  }

  /** The IPv4 address inside an IPv6 address that carries one, if it does. */
  private static Optional<byte[]> embeddedIpv4(byte[] v6) {
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= v6[i] == 0;
    }
    mapped &= v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    boolean compatible =
        IPV4_COMPATIBLE.contains(v6) && !(v6[12] == 0 && v6[13] == 0 && v6[14] == 0);
    if (mapped || compatible || NAT64.contains(v6)) {
      return Optional.of(new byte[] {v6[12], v6[13], v6[14], v6[15]});
    }
    if (SIX_TO_FOUR.contains(v6)) {
      return Optional.of(new byte[] {v6[2], v6[3], v6[4], v6[5]});
    }
    return Optional.empty();
  }
}
