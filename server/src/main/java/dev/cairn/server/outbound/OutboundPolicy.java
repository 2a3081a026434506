package dev.cairn.server.outbound;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which URLs Cairn may call on a tenant's behalf (custom issuers' discovery and JWKS, the CUSTOM
 * conflict webhook): {@code https} only ({@code http} too when {@code allowHttp}, the embedded
 * mode), to hosts whose every DNS address is public (see {@link PublicAddresses}). Never {@code
 * file:} or any other scheme, never credentials in the URL.
 *
 * <p>The operator's allowlist lifts the address rule for what it names, one entry each:
 *
 * <ul>
 *   <li>an origin, {@code http://localhost:8180}: exactly that scheme, host and port, whatever it
 *       resolves to ({@code http} included). Cairn's own Keycloak is always such an origin.
 *   <li>a host name, {@code idp.internal}: that host on any port, whatever it resolves to.
 *   <li>an address or CIDR block, {@code 10.20.0.0/16}: hosts that resolve into it.
 * </ul>
 *
 * <p>{@link #target} resolves the host once and returns the address to connect to; {@link
 * OutboundHttp} connects to exactly that address, so a DNS answer that changes between the check
 * and the connection (DNS rebinding) cannot redirect the call. Immutable and thread-safe.
 */
public final class OutboundPolicy {
  /** Resolves a host name to its addresses; the system resolver in production. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** Where a checked URL is to be called: the host (for TLS and {@code Host}) and the address. */
  public record Target(URI uri, String host, int port, boolean tls, InetAddress address) {}

  private record Origin(String scheme, String host, int port) {}

  private final boolean allowHttp;
  private final List<Origin> origins = new ArrayList<>();
  private final List<String> hosts = new ArrayList<>();
  private final List<AddressRange> ranges = new ArrayList<>();
  private final Resolver resolver;

  /**
   * @param allowHttp whether plain {@code http} URLs are allowed (embedded mode only)
   * @param allowlist entries as described above
   * @param resolver how host names are resolved
   * @throws IllegalArgumentException naming an allowlist entry that is none of the three forms
   */
  public OutboundPolicy(boolean allowHttp, List<String> allowlist, Resolver resolver) {
    this.allowHttp = allowHttp;
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    for (String raw : allowlist) {
      String entry = raw == null ? "" : raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.contains("://")) {
        URI uri = URI.create(entry);
        if (uri.getHost() == null || !isWebScheme(uri.getScheme())) {
          throw new IllegalArgumentException(
              "outbound allowlist entry `" + entry + "` is not an http(s) origin");
        }
        origins.add(origin(uri));
      } else if (AddressRange.looksLikeAddress(entry)) {
        ranges.add(AddressRange.parse(entry));
      } else {
        hosts.add(normalizeHost(entry));
      }
    }
  }

  /** The policy with the system resolver. */
  public static OutboundPolicy of(boolean allowHttp, List<String> allowlist) {
    return new OutboundPolicy(allowHttp, allowlist, InetAddress::getAllByName);
  }

  /**
   * Checks {@code uri} and resolves its host.
   *
   * @return the address to connect to, checked
   * @throws OutboundRefusedException naming why the URL may not be called
   */
  public Target target(URI uri) throws OutboundRefusedException {
    checkShape(uri);
    String host;
    try {
      host = normalizeHost(uri.getHost());
    } catch (IllegalArgumentException e) {
      throw new OutboundRefusedException("the host of `" + uri + "` is not a valid host name");
    }
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() >= 0 ? uri.getPort() : (tls ? 443 : 80);
    boolean originAllowed =
        origins.contains(new Origin(uri.getScheme().toLowerCase(Locale.ROOT), host, port));
    if (!tls && !allowHttp && !originAllowed) {
      throw new OutboundRefusedException(
          "`" + uri + "` uses http; Cairn calls only https URLs (http only in embedded mode)");
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bare(host));
    } catch (UnknownHostException e) {
      throw new OutboundRefusedException("the host of `" + uri + "` does not resolve");
    }
    if (addresses.length == 0) {
      throw new OutboundRefusedException("the host of `" + uri + "` does not resolve");
    }
    if (!originAllowed && !hosts.contains(host)) {
      for (InetAddress a : addresses) {
        if (ranges.stream().anyMatch(r -> r.contains(a))) {
          continue;
        }
        Optional<String> why = PublicAddresses.whyNotPublic(a);
        if (why.isPresent()) {
          throw new OutboundRefusedException(
              "`"
                  + uri
                  + "` resolves to "
                  + a.getHostAddress()
                  + ", "
                  + why.get()
                  + "; Cairn calls only public addresses (an operator can allow it with"
                  + " CAIRN_OUTBOUND_ALLOW)");
        }
      }
    }
    return new Target(uri, bare(host), port, tls, addresses[0]);
  }

  /**
   * Checks what can be checked of {@code url} without calling it: the form, the scheme, and the
   * addresses its host resolves to now (a host that does not resolve yet passes; it is checked
   * again on every call).
   *
   * @return why the URL will be refused, or empty when it may be used
   */
  public Optional<String> problemWith(String url) {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url);
    } catch (URISyntaxException e) {
      return Optional.of("`" + url + "` is not a URL");
    }
    try {
      target(uri);
      return Optional.empty();
    } catch (OutboundRefusedException e) {
      if (e.getMessage().endsWith("does not resolve")) {
        return Optional.empty();
      }
      return Optional.of(e.getMessage());
    }
  }

  private static void checkShape(URI uri) throws OutboundRefusedException {
    if (uri == null || !uri.isAbsolute() || uri.isOpaque() || !isWebScheme(uri.getScheme())) {
      throw new OutboundRefusedException(
          "`" + uri + "` is not an absolute https URL; Cairn calls no other scheme");
    }
    if (uri.getRawUserInfo() != null) {
      throw new OutboundRefusedException("`" + uri + "` carries credentials; remove them");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new OutboundRefusedException("`" + uri + "` has no host");
    }
  }

  private static boolean isWebScheme(String scheme) {
    return "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
  }

  private static Origin origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
    return new Origin(scheme, normalizeHost(uri.getHost()), port);
  }

  private static String normalizeHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h.startsWith("[") ? h : IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
