package dev.cairn.server.auth;

import dev.cairn.server.TenantId;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A schema with one model per @auth strategy, and callers to test it with. */
final class AuthFixtures {
  static final TenantId ACME = TenantId.of("acme");

  static final String SCHEMA =
      """
      type Todo @model @auth(rules: [{ allow: owner }]) {
        id: ID!
        title: String
      }
      type Doc @model @auth(rules: [{ allow: owner, ownerField: "editors" }]) {
        id: ID!
        title: String
        editors: [String]
      }
      type Post @model @auth(rules: [
          { allow: owner },
          { allow: groups, groups: ["admins"] },
          { allow: private, operations: [read] },
          { allow: public, operations: [read] }]) {
        id: ID!
        title: String
      }
      type Ticket @model @auth(rules: [{ allow: groups, groupsField: "team" }]) {
        id: ID!
        team: String
      }
      type Board @model @auth(rules: [{ allow: groups, groupsField: "teams" }]) {
        id: ID!
        teams: [String]
      }
      type Pub @model @auth(rules: [{ allow: public }]) {
        id: ID!
      }
      type Split @model @auth(rules: [
          { allow: owner, operations: [create, get, update] },
          { allow: groups, groups: ["auditors"], operations: [list, sync] },
          { allow: private, provider: oidc, operations: [listen] }]) {
        id: ID!
      }
      type Claimed @model @auth(rules: [
          { allow: owner, identityClaim: "email" },
          { allow: groups, groups: ["boss"], groupClaim: "roles" }]) {
        id: ID!
      }
      type SubUser @model @auth(rules: [{ allow: owner, identityClaim: "sub::username" }]) {
        id: ID!
      }
      type Profile @model @auth(rules: [{ allow: private }, { allow: owner }]) {
        id: ID!
        name: String
        ssn: String @auth(rules: [{ allow: owner, operations: [read, update] }])
        note: String @auth(rules: [{ allow: groups, groups: ["hr"] }])
        owner: String @auth(rules: [{ allow: owner, operations: [read, delete] }])
      }
      type Shared @model @auth(rules: [
          { allow: owner },
          { allow: groups, groupsField: "editors", operations: [read, update] },
          { allow: groups, groups: ["admins"], operations: [read, update] }]) {
        id: ID!
        text: String
        owner: String
        editors: [String]
      }
      type Guarded @model @auth(rules: [
          { allow: owner },
          { allow: groups, groupsField: "editors", operations: [read, update] },
          { allow: groups, groups: ["admins"], operations: [read, update] }]) {
        id: ID!
        text: String
        owner: String @auth(rules: [
          { allow: owner, operations: [read, delete] },
          { allow: groups, groupsField: "editors", operations: [read] },
          { allow: groups, groups: ["admins"], operations: [read] }])
        editors: [String]
      }
      type Diary @model @auth(rules: [{ allow: owner }]) {
        id: ID!
        mood: String @auth(rules: [{ allow: owner }])
      }
      type Feed @model(subscriptions: { level: public }) @auth(rules: [{ allow: owner }]) {
        id: ID!
      }
      type Quiet @model(subscriptions: { level: off }) @auth(rules: [{ allow: public }]) {
        id: ID!
      }
      type Iam @model @auth(rules: [{ allow: private, provider: iam }, { allow: public, provider: iam }]) {
        id: ID!
      }
      """;

  static final ModelSchema MODELS = ModelSchemaParser.parse("auth.graphql", SCHEMA).orElseThrow();

  private AuthFixtures() {}

  static Model model(String name) {
    return MODELS.model(name).orElseThrow();
  }

  /**
   * A user token of ACME whose issuer names {@code preferred_username} as the owner identity: sub
   * {@code u-<name>}, username and preferred_username {@code <name>}, email {@code <name>@x.test},
   * roles claim [boss] for "carol".
   */
  static AppIdentity user(String name, String... groups) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "u-" + name);
    claims.put("username", name);
    claims.put("preferred_username", name);
    claims.put("email", name + "@x.test");
    claims.put("groups", List.of(groups));
    if (name.equals("carol")) {
      claims.put("roles", List.of("boss"));
    }
    return new AppIdentity(
        ACME,
        AppIdentity.Kind.USER_TOKEN,
        "u-" + name,
        "preferred_username",
        claims,
        List.of(groups));
  }

  static AppIdentity apiKey() {
    return AppIdentity.apiKey(ACME, "k1");
  }

  static Map<String, Object> record(Object... keyValues) {
    Map<String, Object> record = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      record.put((String) keyValues[i], keyValues[i + 1]);
    }
    return record;
  }
}
