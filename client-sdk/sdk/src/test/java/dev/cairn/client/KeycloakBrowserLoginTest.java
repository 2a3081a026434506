package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The browser sign-in's own part, with no Keycloak: the real loopback listener and a "browser" that
 * is an HTTP client sending the redirect Keycloak would send (its success path against the real
 * Keycloak is in {@code SdkAuthIT}). The Keycloak URL points at a closed port: nothing here may
 * reach it.
 */
class KeycloakBrowserLoginTest {
  private static final URI NO_KEYCLOAK = URI.create("http://127.0.0.1:9");
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<HttpResponse<String>> browserSaw = new CopyOnWriteArrayList<>();

  @Test
  void theChallengeIsTheS256OfTheVerifierAsRfc7636AppendixBComputesIt() {
    assertThat(KeycloakBrowserLogin.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }

  @Test
  void theAuthorizationUrlAsksForACodeWithAnS256ChallengeAndALoopbackRedirect() {
    Map<String, String> seen = new HashMap<>();
    KeycloakBrowserLogin login =
        login(
            url -> {
              seen.putAll(query(url));
              seen.put("path", url.getPath());
              redirect(url, Map.of("state", query(url).get("state"), "error", "access_denied"));
            });

    assertThatThrownBy(login::signIn).isInstanceOf(CairnException.class);
    assertThat(seen.get("path")).isEqualTo("/realms/cairn-t-acme/protocol/openid-connect/auth");
    assertThat(seen)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", "cairn-app")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("scope", "openid");
    assertThat(seen.get("redirect_uri")).matches("http://127\\.0\\.0\\.1:\\d+/callback");
    assertThat(seen.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
    assertThat(seen.get("state")).matches("[A-Za-z0-9_-]{22}");
  }

  @Test
  void aRedirectWithAnotherStateFailsTheSignInAndTellsTheBrowser() {
    KeycloakBrowserLogin login =
        login(url -> redirect(url, Map.of("state", "forged", "code", "stolen-code")));

    assertThatThrownBy(login::signIn)
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("carried another state")
        .hasMessageContaining("sign in again")
        .satisfies(
            e -> {
              assertThat(((CairnException) e).errorType()).isEqualTo("SignInFailed");
              assertThat(((CairnException) e).isRetryable()).isFalse();
            });
    assertThat(browserSaw)
        .singleElement()
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400));
    assertThat(login.isSignedIn()).isFalse();
  }

  @Test
  void aRedirectWithoutStateFailsTheSignIn() {
    KeycloakBrowserLogin login = login(url -> redirect(url, Map.of("code", "some-code")));

    assertThatThrownBy(login::signIn).hasMessageContaining("carried no state");
  }

  @Test
  void accessDeniedFromKeycloakFailsTheSignInWithKeycloaksErrorAndDescription() {
    KeycloakBrowserLogin login =
        login(
            url ->
                redirect(
                    url,
                    Map.of(
                        "state",
                        query(url).get("state"),
                        "error",
                        "access_denied",
                        "error_description",
                        "<b>User denied consent</b>")));

    assertThatThrownBy(login::signIn)
        .isInstanceOf(CairnException.class)
        .hasMessage("Keycloak refused the sign-in: access_denied (<b>User denied consent</b>)");
    assertThat(browserSaw)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.statusCode()).isEqualTo(400);
              assertThat(r.body()).contains("&lt;b&gt;User denied").doesNotContain("<b>User");
            });
  }

  @Test
  void noRedirectWithinTheTimeoutFailsTheSignInAndFreesThePort() {
    List<URI> opened = new CopyOnWriteArrayList<>();
    KeycloakBrowserLogin login =
        KeycloakBrowserLogin.builder(NO_KEYCLOAK, "cairn-t-acme", "cairn-app")
            .browser(opened::add)
            .timeout(Duration.ofMillis(300))
            .build();

    assertThatThrownBy(login::signIn)
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("no sign-in arrived within PT0.3S")
        .hasMessageContaining("cairn-t-acme");
    URI redirect = URI.create(query(opened.get(0)).get("redirect_uri"));
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(redirect).build(), HttpResponse.BodyHandlers.ofString()))
        .as("the listener is closed after the sign-in gave up")
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void aBrowserThatCannotOpenFailsTheSignInNamingTheUrl() {
    KeycloakBrowserLogin login =
        login(
            url -> {
              throw new java.io.IOException("no display");
            });

    assertThatThrownBy(login::signIn)
        .hasMessageContaining("no display")
        .hasMessageContaining(NO_KEYCLOAK + "/realms/cairn-t-acme/protocol/openid-connect/auth?");
  }

  @Test
  void askingForATokenBeforeSigningInFailsRetryablyAndAsksTheAppToSignInOnce() {
    AtomicInteger asked = new AtomicInteger();
    KeycloakBrowserLogin login =
        KeycloakBrowserLogin.builder(NO_KEYCLOAK, "cairn-t-acme", "cairn-app")
            .browser(url -> {})
            .onSignInRequired(asked::incrementAndGet)
            .build();

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(login::get)
          .isInstanceOf(CairnException.class)
          .hasMessageContaining("call signIn()")
          .satisfies(e -> assertThat(((CairnException) e).isRetryable()).isTrue());
    }
    assertThat(asked).hasValue(1);
  }

  private KeycloakBrowserLogin login(BrowserLauncher browser) {
    return KeycloakBrowserLogin.builder(NO_KEYCLOAK, "cairn-t-acme", "cairn-app")
        .browser(browser)
        .timeout(Duration.ofSeconds(60))
        .build();
  }

  /**
   * What Keycloak's answer would make a browser do: a GET of the redirect URI with {@code params}.
   */
  private void redirect(URI authorizationUrl, Map<String, String> params) {
    StringBuilder q = new StringBuilder();
    params.forEach(
        (k, v) ->
            q.append(q.length() == 0 ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    URI target = URI.create(query(authorizationUrl).get("redirect_uri") + "?" + q);
    try {
      browserSaw.add(
          http.send(HttpRequest.newBuilder(target).build(), HttpResponse.BodyHandlers.ofString()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }
}
