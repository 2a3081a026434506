package dev.cairn.client;

import dev.cairn.client.internal.LoopbackReceiver;
import dev.cairn.client.internal.TokenEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Signs a desktop app's user in to a Keycloak realm in the browser — OAuth 2.0 authorization code
 * with PKCE (S256) and a loopback redirect (RFC 8252) — and then supplies fresh access tokens for
 * {@link Auth#token}. A Cairn tenant's realm is {@code cairn-t-<tenant>}, its app client {@code
 * cairn-app}, which takes redirects to {@code http://127.0.0.1} on any port.
 *
 * <pre>{@code
 * KeycloakBrowserLogin login =
 *     KeycloakBrowserLogin.builder(URI.create("https://id.example.com"), "cairn-t-acme", "cairn-app")
 *         .build();
 * login.signIn(); // opens the browser, waits for the redirect
 * CairnClient client = CairnClient.builder().auth(login.auth()) ...
 * }</pre>
 *
 * <p>{@link #signIn} listens on {@code 127.0.0.1} at a port the system picks, hands the
 * authorization URL to the {@link BrowserLauncher}, takes the redirect to {@code
 * http://127.0.0.1:<port>/callback}, checks its {@code state}, and exchanges the code with the
 * verifier. {@link #get} returns the access token, refreshed with the refresh token 30 s before it
 * expires. Tokens live in memory and, when a {@link TokenStore} is given, in it too (loaded on the
 * first {@link #get}). When the session can no longer be refreshed (expired, ended in Keycloak),
 * {@link #get} fails as retryable {@code SignInRequired} — nothing the client queued is lost — and
 * the {@code onSignInRequired} callback is told, so the app can call {@link #signIn} again; the
 * browser is never opened behind the user's back. Thread-safe; {@link #get} never waits for a
 * sign-in in progress.
 */
public final class KeycloakBrowserLogin implements Supplier<String> {
  private static final Duration EARLY = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TokenEndpoint endpoint;
  private final String realm;
  private final BrowserLauncher browser;
  private final Optional<TokenStore> store;
  private final Duration timeout;
  private final String scope;
  private final String callbackPath;
  private final Clock clock;
  private final Runnable onSignInRequired;
  private TokenStore.Tokens tokens;
  private boolean loaded;
  private boolean signInRequested;

  private KeycloakBrowserLogin(Builder b) {
    this.endpoint =
        new TokenEndpoint(
            b.http != null ? b.http : HttpClient.newHttpClient(), b.keycloak, b.realm, b.clientId);
    this.realm = b.realm;
    this.browser = b.browser;
    this.store = Optional.ofNullable(b.store);
    this.timeout = b.timeout;
    this.scope = b.scope;
    this.callbackPath = b.callbackPath;
    this.clock = b.clock;
    this.onSignInRequired = b.onSignInRequired;
  }

  /**
   * A builder for signing in to {@code realm} of the Keycloak at {@code keycloak} (e.g. {@code
   * http://localhost:8180}) through the public client {@code clientId}.
   */
  public static Builder builder(URI keycloak, String realm, String clientId) {
    return new Builder(keycloak, realm, clientId);
  }

  /** This login as the client's {@link Auth}. */
  public Auth auth() {
    return Auth.token(this);
  }

  /**
   * Signs the user in through the browser and keeps the tokens; blocks until the redirect arrives
   * or the timeout passes. A user already signed in is signed in again (e.g. as someone else).
   *
   * @throws CairnException {@code SignInFailed} (not retryable) when the redirect carries another
   *     {@code state}, Keycloak answers with an {@code error} (e.g. {@code access_denied}), no
   *     redirect arrives within the timeout, no browser could be opened or the code is refused;
   *     {@code Network} (retryable) when Keycloak cannot be reached for the exchange
   */
  public void signIn() {
    String verifier = random(32);
    String state = random(16);
    LoopbackReceiver.Outcome outcome;
    URI redirect;
    try (LoopbackReceiver receiver = listen(state)) {
      redirect = receiver.redirectUri();
      URI url = authorizationUrl(redirect, state, challenge(verifier));
      try {
        browser.open(url);
      } catch (IOException | RuntimeException e) {
        throw new CairnException(
            "SignInFailed",
            "could not open a browser for the sign-in ("
                + e.getMessage()
                + "); open "
                + url
                + " yourself, or pass a BrowserLauncher that can",
            false,
            e);
      }
      outcome = receiver.await(timeout);
    } catch (TimeoutException e) {
      throw new CairnException(
          "SignInFailed",
          "no sign-in arrived within "
              + timeout
              + " (the browser was sent to Keycloak realm "
              + realm
              + "); call signIn() again",
          false,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnException(
          "SignInFailed", "interrupted while waiting for the sign-in", false, e);
    }
    if (outcome instanceof LoopbackReceiver.Failure failure) {
      throw new CairnException("SignInFailed", failure.reason(), false, null);
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", ((LoopbackReceiver.Code) outcome).code());
    form.put("redirect_uri", redirect.toString());
    form.put("code_verifier", verifier);
    TokenStore.Tokens signedIn =
        endpoint.request(
            form,
            clock.instant(),
            "the authorization code of the sign-in",
            "sign in again; check that client " + endpoint.clientId() + " allows " + redirect);
    keep(signedIn);
  }

  private LoopbackReceiver listen(String state) {
    try {
      return LoopbackReceiver.start(callbackPath, state);
    } catch (IOException e) {
      throw new CairnException(
          "SignInFailed", "cannot listen on 127.0.0.1 for the sign-in redirect: " + e, false, e);
    }
  }

  /** Whether tokens are held (in memory or in the store); they may still fail to refresh. */
  public synchronized boolean isSignedIn() {
    load();
    return tokens != null;
  }

  /**
   * Forgets the tokens (and clears the store), then ends the session in Keycloak with the refresh
   * token.
   *
   * @return whether Keycloak confirmed the end of the session (false: there was none, or Keycloak
   *     could not be reached — the tokens are forgotten either way)
   */
  public boolean signOut() {
    TokenStore.Tokens held;
    synchronized (this) {
      load();
      held = tokens;
      tokens = null;
      store.ifPresent(TokenStore::clear);
    }
    if (held == null || held.refreshToken() == null) {
      return false;
    }
    try {
      HttpResponse<String> answer =
          endpoint.post(endpoint.logout(), Map.of("refresh_token", held.refreshToken()));
      return answer.statusCode() / 100 == 2;
    } catch (CairnException e) {
      return false;
    }
  }

  /**
   * The current access token, refreshed when it expires within 30 s.
   *
   * @throws CairnException {@code SignInRequired} (retryable) when nobody is signed in or the
   *     session cannot be refreshed any more; {@code Network} (retryable) when Keycloak cannot be
   *     reached
   */
  @Override
  public String get() {
    boolean required;
    synchronized (this) {
      load();
      Instant now = clock.instant();
      if (tokens != null && now.isBefore(tokens.accessExpiresAt().minus(EARLY))) {
        return tokens.accessToken();
      }
      if (tokens != null && refreshable(tokens, now)) {
        try {
          keepLocked(
              endpoint.request(
                  Map.of("grant_type", "refresh_token", "refresh_token", tokens.refreshToken()),
                  now,
                  "to refresh the session",
                  "sign in again"));
          return tokens.accessToken();
        } catch (CairnException e) {
          if (e.isRetryable()) {
            throw e;
          }
        }
      }
      if (tokens != null && now.isBefore(tokens.accessExpiresAt())) {
        return tokens.accessToken();
      }
      required = !signInRequested;
      signInRequested = true;
      tokens = null;
      store.ifPresent(TokenStore::clear);
    }
    if (required) {
      onSignInRequired.run();
    }
    throw new CairnException(
        "SignInRequired",
        "nobody is signed in to Keycloak realm " + realm + " (or the session ended); call signIn()",
        true,
        null);
  }

  private static boolean refreshable(TokenStore.Tokens t, Instant now) {
    return t.refreshToken() != null
        && (t.refreshExpiresAt() == null || now.isBefore(t.refreshExpiresAt()));
  }

  private synchronized void keep(TokenStore.Tokens fresh) {
    loaded = true;
    keepLocked(fresh);
  }

  private void keepLocked(TokenStore.Tokens fresh) {
    tokens = fresh;
    signInRequested = false;
    store.ifPresent(s -> s.save(fresh));
  }

  private void load() {
    if (!loaded) {
      loaded = true;
      if (tokens == null) {
        tokens = store.flatMap(TokenStore::load).orElse(null);
      }
    }
  }

  URI authorizationUrl(URI redirect, String state, String challenge) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", endpoint.clientId());
    query.put("redirect_uri", redirect.toString());
    query.put("scope", scope);
    query.put("state", state);
    query.put("code_challenge", challenge);
    query.put("code_challenge_method", "S256");
    return URI.create(endpoint.authorization() + "?" + TokenEndpoint.formBody(query));
  }

  /** {@code BASE64URL(SHA-256(ASCII(verifier)))}, RFC 7636 §4.2. */
  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Builds a {@link KeycloakBrowserLogin}; not thread-safe. */
  public static final class Builder {
    private final URI keycloak;
    private final String realm;
    private final String clientId;
    private BrowserLauncher browser = BrowserLauncher.system();
    private TokenStore store;
    private Duration timeout = Duration.ofMinutes(5);
    private String scope = "openid";
    private String callbackPath = "/callback";
    private Clock clock = Clock.systemUTC();
    private HttpClient http;
    private Runnable onSignInRequired = () -> {};

    private Builder(URI keycloak, String realm, String clientId) {
      this.keycloak = Objects.requireNonNull(keycloak, "keycloak");
      this.realm = Objects.requireNonNull(realm, "realm");
      this.clientId = Objects.requireNonNull(clientId, "clientId");
    }

    /** How the sign-in page is shown; default {@link BrowserLauncher#system()}. */
    public Builder browser(BrowserLauncher launcher) {
      this.browser = Objects.requireNonNull(launcher, "launcher");
      return this;
    }

    /** Where tokens are kept beyond memory; default none (the user signs in once per run). */
    public Builder tokenStore(TokenStore tokenStore) {
      this.store = Objects.requireNonNull(tokenStore, "tokenStore");
      return this;
    }

    /** How long {@link #signIn} waits for the redirect; default 5 minutes. */
    public Builder timeout(Duration signInTimeout) {
      if (signInTimeout.isNegative() || signInTimeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, not " + signInTimeout);
      }
      this.timeout = signInTimeout;
      return this;
    }

    /** The scopes asked for, space-separated; default {@code openid}. */
    public Builder scope(String scopes) {
      this.scope = Objects.requireNonNull(scopes, "scopes");
      return this;
    }

    /** The path of the loopback redirect; default {@code /callback}. */
    public Builder callbackPath(String path) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("callback path must start with /, not " + path);
      }
      this.callbackPath = path;
      return this;
    }

    public Builder clock(Clock tokenClock) {
      this.clock = Objects.requireNonNull(tokenClock, "clock");
      return this;
    }

    public Builder httpClient(HttpClient client) {
      this.http = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Called (on the thread asking for a token, often the client's sync thread: return quickly)
     * when nobody is signed in or the session cannot be refreshed; the app then calls {@link
     * #signIn} where it shows its UI.
     */
    public Builder onSignInRequired(Runnable callback) {
      this.onSignInRequired = Objects.requireNonNull(callback, "callback");
      return this;
    }

    public KeycloakBrowserLogin build() {
      return new KeycloakBrowserLogin(this);
    }
  }
}
