package dev.cairn.client.internal;

import dev.cairn.client.Auth;
import dev.cairn.client.CairnException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Whose store this is, and what the latest token says. A store belongs to one user (its {@code
 * sub}); {@link #guard} wraps a token supplier so that a token of anyone else is never used with
 * this store — a request with it fails as retryable (nothing queued is sent or lost) and the error
 * handler hears {@code IdentityMismatch} once. The groups of the latest token are kept for the sync
 * processor, which re-scopes the store when they change. Thread-safe.
 */
public final class Identity {
  private final LocalStore store;
  private final Consumer<CairnException> errors;
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile String user;
  private volatile List<String> groups;

  /** An identity bound to no store and no user (tests, API keys). */
  public Identity(String user, Consumer<CairnException> errors) {
    this.store = null;
    this.user = user;
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  private Identity(LocalStore store, String user, Consumer<CairnException> errors) {
    this.store = store;
    this.user = user;
    this.errors = errors;
  }

  /**
   * The identity of {@code store}: the user recorded in it, or {@code user} (then recorded). A
   * store of no user yet is bound to the subject of the first token used with it.
   *
   * @param user the expected user, null when unknown
   * @throws CairnException {@code IdentityMismatch} when the store belongs to another user
   */
  public static Identity of(LocalStore store, String user, Consumer<CairnException> errors) {
    String owner =
        store.transaction(
            c -> {
              Optional<String> recorded = StoreMeta.get(c, StoreMeta.USER);
              if (recorded.isPresent() && user != null && !recorded.get().equals(user)) {
                throw new CairnException(
                    "IdentityMismatch",
                    "this store belongs to user "
                        + recorded.get()
                        + ", not "
                        + user
                        + "; use storeDirectory(...) to give each user a store of their own");
              }
              if (recorded.isEmpty() && user != null) {
                StoreMeta.put(c, StoreMeta.USER, user);
              }
              return recorded.orElse(user);
            });
    return new Identity(store, owner, errors);
  }

  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** The sorted groups of the latest token, empty before the first one (or with an API key). */
  public Optional<List<String>> groups() {
    return Optional.ofNullable(groups);
  }

  /** {@code auth}, its token checked against the store's user and its groups noted. */
  public Auth guard(Auth auth) {
    if (!(auth instanceof Auth.Token token)) {
      return auth;
    }
    return Auth.token(
        () -> {
          String jwt = token.accessToken().get();
          if (jwt == null) {
            return null;
          }
          TokenClaims claims = TokenClaims.of(jwt);
          if (user == null && store != null && claims.subject().isPresent()) {
            bind(claims.subject().get());
          }
          if (user != null
              && claims.subject().isPresent()
              && !claims.subject().get().equals(user)) {
            CairnException mismatch =
                new CairnException(
                    "IdentityMismatch",
                    "the token is of user "
                        + claims.subject().get()
                        + " but the store belongs to "
                        + user
                        + "; nothing is synced — sign out and open the new user's store",
                    true,
                    null);
            if (reported.compareAndSet(false, true)) {
              errors.accept(mismatch);
            }
            throw mismatch;
          }
          groups = claims.groups();
          return jwt;
        });
  }

  private synchronized void bind(String subject) {
    if (user == null) {
      store.transaction(
          c -> {
            StoreMeta.put(c, StoreMeta.USER, subject);
            return null;
          });
      user = subject;
    }
  }
}
