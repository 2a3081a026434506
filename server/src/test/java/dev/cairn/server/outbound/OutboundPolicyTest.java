package dev.cairn.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundPolicyTest {
  final TestResolver dns = new TestResolver();
  final OutboundPolicy strict = new OutboundPolicy(false, List.of(), dns);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.1.2.3",
        "0.0.0.0",
        "10.0.0.1",
        "172.16.5.4",
        "172.31.255.255",
        "192.168.0.1",
        "169.254.169.254",
        "100.100.100.200",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::1",
        "2001:db8::1",
        "ff02::1"
      })
  void nonPublicAddressesAreRefused(String address) {
    dns.answer("host.test", address);

    assertThatThrownBy(() -> strict.target(URI.create("https://host.test/x")))
        .isInstanceOf(OutboundRefusedException.class)
        .hasMessageContaining("resolves to");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "2002:0808:0808::1"})
  void publicAddressesAreAllowed(String address) throws Exception {
    dns.answer("host.test", address);

    assertThat(strict.target(URI.create("https://host.test/x")).address().getHostAddress())
        .isEqualTo(java.net.InetAddress.getByName(address).getHostAddress());
  }

  @Test
  void aHostWithOnePrivateAddressAmongPublicOnesIsRefused() {
    dns.answer("mixed.test", "93.184.216.34", "10.0.0.1");

    assertThatThrownBy(() -> strict.target(URI.create("https://mixed.test/")))
        .hasMessageContaining("10.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "jar:file:/x.jar!/a",
        "ftp://example.com/",
        "gopher://example.com/",
        "https://user:secret@example.com/",
        "/relative/path",
        "mailto:a@example.com"
      })
  void onlyHttpsUrlsWithoutCredentialsAreCalled(String url) {
    assertThatThrownBy(() -> strict.target(URI.create(url)))
        .isInstanceOf(OutboundRefusedException.class);
  }

  @Test
  void httpIsAllowedOnlyInEmbeddedModeOrForAnAllowedOrigin() throws Exception {
    URI http = URI.create("http://example.com/jwks");

    assertThatThrownBy(() -> strict.target(http)).hasMessageContaining("uses http");
    assertThat(new OutboundPolicy(true, List.of(), dns).target(http).tls()).isFalse();
  }

  @Test
  void theAllowlistLiftsTheAddressRuleForExactlyWhatItNames() throws Exception {
    OutboundPolicy policy =
        new OutboundPolicy(
            false,
            List.of("http://localhost:8180", "idp.corp.test", "10.20.0.0/16"),
            dns.answer("idp.corp.test", "10.9.9.9").answer("hook.corp.test", "10.20.3.4"));

    assertThat(policy.target(URI.create("http://localhost:8180/realms/x")).port()).isEqualTo(8180);
    assertThatThrownBy(() -> policy.target(URI.create("http://localhost:8080/api/admin/me")))
        .isInstanceOf(OutboundRefusedException.class);
    assertThatThrownBy(() -> policy.target(URI.create("https://localhost:8180/realms/x")))
        .hasMessageContaining("loopback");
    assertThat(
            policy.target(URI.create("https://idp.corp.test:9443/keys")).address().getHostAddress())
        .isEqualTo("10.9.9.9");
    assertThat(policy.target(URI.create("https://hook.corp.test/c")).address().getHostAddress())
        .isEqualTo("10.20.3.4");
    assertThatThrownBy(() -> policy.target(URI.create("https://10.21.0.1/c")))
        .hasMessageContaining("private");
  }

  @Test
  void aBadAllowlistEntryIsNamed() {
    assertThatThrownBy(() -> new OutboundPolicy(false, List.of("10.0.0.0/99"), dns))
        .hasMessageContaining("10.0.0.0/99");
    assertThatThrownBy(() -> new OutboundPolicy(false, List.of("ftp://x.test"), dns))
        .hasMessageContaining("ftp://x.test");
  }

  @Test
  void problemWithLetsAnUnresolvableHostPassButNotAPrivateOne() {
    assertThat(strict.problemWith("https://not-yet.invalid/keys")).isEmpty();
    assertThat(strict.problemWith("https://127.0.0.1/keys")).isPresent();
    assertThat(strict.problemWith("not a url"))
        .hasValueSatisfying(p -> assertThat(p).contains("not a URL"));
  }
}
