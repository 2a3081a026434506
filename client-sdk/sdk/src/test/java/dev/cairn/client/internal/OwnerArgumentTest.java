package dev.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelAuthRule;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.MutationType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When subscriptions carry an owner argument, and which (Amplify's rule, APPSYNC.md §4.4). */
class OwnerArgumentTest {
  private static final String[] ALL = {"create", "update", "delete", "read"};
  private static final OwnerArgument.IssuerClaims ISSUER = OwnerArgument.IssuerClaims.DEFAULT;
  private static final Map<String, Object> ALICE =
      Map.of("sub", "u-alice", "cognito:username", "alice", "email", "alice@example.com");

  @Test
  void anOwnerOnlyModelSendsTheIssuersIdentityClaimForAmplifysDefaultClaim() {
    ModelType<?> task = model(ModelAuthRule.owner("userPools", "owner", "cognito:username", ALL));

    assertThat(OwnerArgument.of(task, ALICE, ISSUER))
        .contains(new OwnerArgument("owner", "u-alice"));
    assertThat(
            OwnerArgument.of(
                task, ALICE, new OwnerArgument.IssuerClaims("cognito:username", "groups")))
        .as("an issuer configured with another identity claim")
        .contains(new OwnerArgument("owner", "alice"));
  }

  @Test
  void anExplicitIdentityClaimAndOwnerFieldAreSentAsTheSchemaNamesThem() {
    ModelType<?> doc = model(ModelAuthRule.owner("oidc", "author", "email", ALL));

    assertThat(OwnerArgument.of(doc, ALICE, ISSUER))
        .contains(new OwnerArgument("author", "alice@example.com"));
  }

  @Test
  void noOwnerArgumentWithoutAUserToken() {
    ModelType<?> task = model(ModelAuthRule.owner("userPools", "owner", "cognito:username", ALL));

    assertThat(OwnerArgument.of(task, Map.of(), ISSUER)).isEmpty();
  }

  @Test
  void noOwnerArgumentWhenTheTokenLacksTheIdentityClaim() {
    ModelType<?> doc = model(ModelAuthRule.owner("userPools", "owner", "email", ALL));

    assertThat(OwnerArgument.of(doc, Map.of("sub", "u-bob"), ISSUER)).isEmpty();
  }

  @Test
  void aGroupOfAStaticGroupRuleDropsTheOwnerArgumentAsInAmplifysEditorTranscript() {
    ModelType<?> post =
        model(
            ModelAuthRule.owner("userPools", "owner", "cognito:username", ALL),
            ModelAuthRule.groups("userPools", "cognito:groups", List.of("editors"), ALL));
    Map<String, Object> editor = with(ALICE, "groups", List.of("editors"));
    Map<String, Object> reader = with(ALICE, "groups", List.of("readers"));

    assertThat(OwnerArgument.of(post, editor, ISSUER)).isEmpty();
    assertThat(OwnerArgument.of(post, reader, ISSUER))
        .as("a group the rule does not name grants nothing")
        .contains(new OwnerArgument("owner", "u-alice"));
    assertThat(OwnerArgument.of(post, with(ALICE, "cognito:groups", List.of("editors")), ISSUER))
        .as("the issuer's groups claim stands for cognito:groups")
        .contains(new OwnerArgument("owner", "u-alice"));
  }

  @Test
  void aPrivateRuleThatReadsEverythingDropsTheOwnerArgumentUnlikeAmplify() {
    ModelType<?> note =
        model(
            ModelAuthRule.owner("userPools", "owner", "cognito:username", ALL),
            ModelAuthRule.signedIn("userPools", "read"));

    assertThat(OwnerArgument.of(note, ALICE, ISSUER)).isEmpty();
  }

  @Test
  void rulesThatDoNotGrantThisUserReadsDoNotCount() {
    ModelType<?> note =
        model(
            ModelAuthRule.owner("userPools", "owner", "cognito:username", ALL),
            ModelAuthRule.signedIn("userPools", "create"),
            ModelAuthRule.signedIn("iam", "read"),
            ModelAuthRule.anyone("apiKey", "read"));

    assertThat(OwnerArgument.of(note, ALICE, ISSUER))
        .contains(new OwnerArgument("owner", "u-alice"));
  }

  @Test
  void aGroupsFieldRuleTheUsersGroupsMayMatchDropsTheOwnerArgument() {
    ModelType<?> doc =
        model(
            ModelAuthRule.owner("userPools", "owner", "cognito:username", ALL),
            ModelAuthRule.groupsField("userPools", "cognito:groups", "teams", ALL));

    assertThat(OwnerArgument.of(doc, with(ALICE, "groups", List.of("blue")), ISSUER)).isEmpty();
    assertThat(OwnerArgument.of(doc, ALICE, ISSUER)).isPresent();
  }

  @Test
  void aListOwnerFieldASecondOwnerRuleOrACompoundClaimSendNoOwnerArgument() {
    assertThat(
            OwnerArgument.of(
                model(ModelAuthRule.owner("userPools", "editors", "cognito:username", ALL)),
                ALICE,
                ISSUER))
        .isEmpty();
    assertThat(
            OwnerArgument.of(
                model(
                    ModelAuthRule.owner("userPools", "owner", "cognito:username", ALL),
                    ModelAuthRule.owner("userPools", "author", "email", ALL)),
                ALICE,
                ISSUER))
        .isEmpty();
    assertThat(
            OwnerArgument.of(
                model(ModelAuthRule.owner("userPools", "owner", "sub::cognito:username", ALL)),
                ALICE,
                ISSUER))
        .isEmpty();
  }

  @Test
  void publicSubscriptionsTakeNoOwnerArgument() {
    ModelType<?> feed =
        base(ModelAuthRule.owner("userPools", "owner", "cognito:username", ALL))
            .publicSubscriptions()
            .build();

    assertThat(OwnerArgument.of(feed, ALICE, ISSUER)).isEmpty();
  }

  @Test
  void theSubscriptionDocumentDeclaresTheOwnerArgumentAfterTheFilter() {
    ModelType<?> task = model(ModelAuthRule.owner("userPools", "owner", "cognito:username", ALL));

    assertThat(Documents.subscription(task, MutationType.UPDATE, false, "owner"))
        .startsWith("subscription operation($owner: String!) { onUpdateTask(owner: $owner) { id ");
    assertThat(Documents.subscription(task, MutationType.CREATE, true, "owner"))
        .startsWith(
            "subscription operation($filter: ModelSubscriptionTaskFilterInput, $owner: String!)"
                + " { onCreateTask(filter: $filter, owner: $owner) {");
  }

  private static Map<String, Object> with(Map<String, Object> claims, String key, Object value) {
    Map<String, Object> copy = new HashMap<>(claims);
    copy.put(key, value);
    return copy;
  }

  private static ModelType<?> model(ModelAuthRule... rules) {
    ModelType.Builder<Object> b = base(rules[0]);
    for (int i = 1; i < rules.length; i++) {
      b.authRule(rules[i]);
    }
    return b.build();
  }

  private static ModelType.Builder<Object> base(ModelAuthRule first) {
    return ModelType.builder(Object.class, "Task", "Tasks")
        .field(ModelField.of("id", FieldKind.ID, true))
        .field(ModelField.of("owner", FieldKind.STRING, false))
        .field(ModelField.of("author", FieldKind.STRING, false))
        .field(ModelField.of("editors", FieldKind.STRING, false).asList())
        .authRule(first)
        .codec(o -> Map.of(), m -> Optional.empty());
  }
}
