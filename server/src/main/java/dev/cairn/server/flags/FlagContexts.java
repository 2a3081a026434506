package dev.cairn.server.flags;

import dev.cairn.server.auth.AppIdentity;
import dev.cairn.spec.flags.EvaluationContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evaluation context of an app caller: every verified token claim under its name, {@code
 * groups} from the issuer's groups claim, and {@code key} = the owner identity (the issuer's
 * identity claim, else the subject); then the attributes the client sent (app version, platform,
 * locale, device id, custom), which never replace a claim or the key.
 */
public final class FlagContexts {
  /** A client attribute that names the user for API-key callers (who have no claims). */
  public static final String TARGETING_KEY = "targetingKey";

  private FlagContexts() {}

  public static EvaluationContext of(AppIdentity caller, Map<String, ?> clientAttributes) {
    Map<String, Object> claims = new LinkedHashMap<>(caller.claims());
    String key;
    if (caller.isApiKey()) {
      // An API key proves no user: the client names the one it evaluates for, as OpenFeature does.
      Object named = clientAttributes.get(TARGETING_KEY);
      key = named instanceof String s && !s.isBlank() ? s : caller.subject();
    } else {
      claims.put("groups", caller.groups());
      key = caller.stringClaim(caller.identityClaim()).orElse(caller.subject());
    }
    Map<String, Object> client = new LinkedHashMap<>(clientAttributes);
    client.remove(TARGETING_KEY);
    return EvaluationContext.of(key, claims, client);
  }
}
