package dev.cairn.spec.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * English pluralisation exactly as the npm {@code pluralize} package (8.x) does it, because
 * Amplify's transformer ({@code listPeople}, {@code syncInventories}) and DataStore's modelgen
 * ({@code pluralName}) both use that package. The rule tables are copied from it; rules are tried
 * from last to first, the first match wins.
 */
public final class Pluralizer {

  private record Rule(Pattern pattern, String replacement) {}

  private static final List<Rule> RULES = new ArrayList<>();
  private static final Map<String, String> IRREGULAR_SINGLES = new HashMap<>();
  private static final Set<String> IRREGULAR_PLURALS = new HashSet<>();
  private static final Set<String> UNCOUNTABLES = new HashSet<>();

  static {
    String[][] irregular = {
      {"I", "we"},
      {"me", "us"},
      {"he", "they"},
      {"she", "they"},
      {"them", "them"},
      {"myself", "ourselves"},
      {"yourself", "yourselves"},
      {"itself", "themselves"},
      {"herself", "themselves"},
      {"himself", "themselves"},
      {"themself", "themselves"},
      {"is", "are"},
      {"was", "were"},
      {"has", "have"},
      {"this", "these"},
      {"that", "those"},
      {"echo", "echoes"},
      {"dingo", "dingoes"},
      {"volcano", "volcanoes"},
      {"tornado", "tornadoes"},
      {"torpedo", "torpedoes"},
      {"genus", "genera"},
      {"viscus", "viscera"},
      {"stigma", "stigmata"},
      {"stoma", "stomata"},
      {"dogma", "dogmata"},
      {"lemma", "lemmata"},
      {"schema", "schemata"},
      {"anathema", "anathemata"},
      {"ox", "oxen"},
      {"axe", "axes"},
      {"die", "dice"},
      {"yes", "yeses"},
      {"foot", "feet"},
      {"eave", "eaves"},
      {"goose", "geese"},
      {"tooth", "teeth"},
      {"quiz", "quizzes"},
      {"human", "humans"},
      {"proof", "proofs"},
      {"carve", "carves"},
      {"valve", "valves"},
      {"looey", "looies"},
      {"thief", "thieves"},
      {"groove", "grooves"},
      {"pickaxe", "pickaxes"},
      {"passerby", "passersby"}
    };
    for (String[] pair : irregular) {
      IRREGULAR_SINGLES.put(pair[0].toLowerCase(Locale.ROOT), pair[1].toLowerCase(Locale.ROOT));
      IRREGULAR_PLURALS.add(pair[1].toLowerCase(Locale.ROOT));
    }
    String[][] plural = {
      {"s?$", "s"},
      {"[^\\u0000-\\u007F]$", "$0"},
      {"([^aeiou]ese)$", "$1"},
      {"(ax|test)is$", "$1es"},
      {"(alias|[^aou]us|t[lm]as|gas|ris)$", "$1es"},
      {"(e[mn]u)s?$", "$1s"},
      {"([^l]ias|[aeiou]las|[ejzr]as|[iu]am)$", "$1"},
      {
        "(alumn|syllab|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat)(?:us|i)$",
        "$1i"
      },
      {"(alumn|alg|vertebr)(?:a|ae)$", "$1ae"},
      {"(seraph|cherub)(?:im)?$", "$1im"},
      {"(her|at|gr)o$", "$1oes"},
      {
        "(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul|automat|quor)(?:a|um)$",
        "$1a"
      },
      {
        "(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat)(?:a|on)$",
        "$1a"
      },
      {"sis$", "ses"},
      {"(?:(kni|wi|li)fe|(ar|l|ea|eo|oa|hoo)f)$", "$1$2ves"},
      {"([^aeiouy]|qu)y$", "$1ies"},
      {"([^ch][ieo][ln])ey$", "$1ies"},
      {"(x|ch|ss|sh|zz)$", "$1es"},
      {"(matr|cod|mur|sil|vert|ind|append)(?:ix|ex)$", "$1ices"},
      {"\\b((?:tit)?m|l)(?:ice|ouse)$", "$1ice"},
      {"(pe)(?:rson|ople)$", "$1ople"},
      {"(child)(?:ren)?$", "$1ren"},
      {"eaux$", "$0"},
      {"m[ae]n$", "men"},
      {"^thou$", "you"}
    };
    for (String[] rule : plural) {
      RULES.add(new Rule(Pattern.compile(rule[0], Pattern.CASE_INSENSITIVE), rule[1]));
    }
    UNCOUNTABLES.addAll(
        List.of(
            "adulthood advice agenda aid aircraft alcohol ammo analytics anime athletics audio"
                .split(" ")));
    UNCOUNTABLES.addAll(
        List.of(
            ("bison blood bream buffalo butter carp cash chassis chess clothing cod commerce"
                    + " cooperation corps debris diabetes digestion elk energy equipment excretion"
                    + " expertise firmware flounder fun gallows garbage graffiti hardware"
                    + " headquarters health herpes highjinks homework housework information jeans"
                    + " justice kudos labour literature machinery mackerel mail media mews moose"
                    + " music mud manga news only personnel pike plankton pliers police pollution"
                    + " premises rain research rice salmon scissors series sewage shambles shrimp"
                    + " software species staff swine tennis traffic transportation trout tuna"
                    + " wealth welfare whiting wildebeest wildlife you")
                .split(" ")));
    for (String uncountable :
        List.of(
            "pok[eé]mon$",
            "[^aeiou]ese$",
            "deer$",
            "fish$",
            "measles$",
            "o[iu]s$",
            "pox$",
            "sheep$")) {
      RULES.add(new Rule(Pattern.compile(uncountable, Pattern.CASE_INSENSITIVE), "$0"));
    }
  }

  private Pluralizer() {}

  /** The plural of {@code word}, e.g. {@code Post -> Posts}, {@code Person -> People}. */
  public static String plural(String word) {
    String token = word.toLowerCase(Locale.ROOT);
    if (IRREGULAR_PLURALS.contains(token)) {
      return restoreCase(word, token);
    }
    if (IRREGULAR_SINGLES.containsKey(token)) {
      return restoreCase(word, IRREGULAR_SINGLES.get(token));
    }
    if (token.isEmpty() || UNCOUNTABLES.contains(token)) {
      return word;
    }
    for (int i = RULES.size() - 1; i >= 0; i--) {
      Rule rule = RULES.get(i);
      Matcher matcher = rule.pattern().matcher(word);
      if (matcher.find()) {
        String match = matcher.group();
        String result = interpolate(rule.replacement(), matcher);
        String cased =
            match.isEmpty()
                ? restoreCase(word.substring(matcher.start() - 1, matcher.start()), result)
                : restoreCase(match, result);
        return word.substring(0, matcher.start()) + cased + word.substring(matcher.end());
      }
    }
    return word;
  }

  private static String interpolate(String replacement, Matcher matcher) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < replacement.length(); i++) {
      char c = replacement.charAt(i);
      if (c == '$'
          && i + 1 < replacement.length()
          && Character.isDigit(replacement.charAt(i + 1))) {
        String group = matcher.group(replacement.charAt(++i) - '0');
        out.append(group == null ? "" : group);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String restoreCase(String word, String token) {
    if (word.equals(token)) {
      return token;
    }
    if (word.equals(word.toLowerCase(Locale.ROOT))) {
      return token.toLowerCase(Locale.ROOT);
    }
    if (word.equals(word.toUpperCase(Locale.ROOT))) {
      return token.toUpperCase(Locale.ROOT);
    }
    if (Character.isUpperCase(word.charAt(0))) {
      return Character.toUpperCase(token.charAt(0)) + token.substring(1).toLowerCase(Locale.ROOT);
    }
    return token.toLowerCase(Locale.ROOT);
  }
}
