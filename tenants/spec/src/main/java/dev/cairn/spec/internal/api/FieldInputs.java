package dev.cairn.spec.internal.api;

import dev.cairn.spec.FieldType;
import dev.cairn.spec.TypeKind;
import java.util.Arrays;
import java.util.Set;

/** The {@code Model<Scalar>Input} family: which filter input a field of a given type uses. */
final class FieldInputs {
  private FieldInputs() {}

  /**
   * Filter/condition input type, e.g. {@code ModelStringInput}, {@code ModelPostStatusInput}. An
   * enum whose {@code Model<Enum>Input} would be a built-in input (enum {@code Size} and {@code
   * ModelSizeInput}) gets {@code Model<Enum>EnumInput} instead: Amplify merges the two into one
   * broken type, and DataStore never names these inputs in its documents.
   */
  static String filter(FieldType type) {
    if (type.kind() == TypeKind.ENUM) {
      String name = "Model" + type.name() + "Input";
      return isBuiltIn(name) ? "Model" + type.name() + "EnumInput" : name;
    }
    return "Model" + base(type.name()) + "Input";
  }

  /** Whether {@code name} is one of AppSync's shared inputs, enums or key-condition inputs. */
  static boolean isBuiltIn(String name) {
    return Arrays.asList(BASE_NAMES).contains(name)
        || (name.startsWith("Model")
            && name.endsWith("KeyConditionInput")
            && Set.of("String", "Int", "Float", "ID")
                .contains(
                    name.substring(
                        "Model".length(), name.length() - "KeyConditionInput".length())));
  }

  /** Subscription filter input type; enums filter as strings there. */
  static String subscriptionFilter(FieldType type) {
    if (type.kind() == TypeKind.ENUM) {
      return "ModelSubscriptionStringInput";
    }
    return "ModelSubscription" + base(type.name()) + "Input";
  }

  /** Key condition input for a single sort-key field. */
  static String keyCondition(FieldType type) {
    String base = type.kind() == TypeKind.ENUM ? "String" : base(type.name());
    return "Model" + (base.equals("Boolean") ? "String" : base) + "KeyConditionInput";
  }

  static String base(String scalar) {
    return switch (scalar) {
      case "ID" -> "ID";
      case "Int", "AWSTimestamp" -> "Int";
      case "Float" -> "Float";
      case "Boolean" -> "Boolean";
      default -> "String";
    };
  }

  static final String BASE_INPUTS =
      """
      input ModelStringInput { ne: String eq: String le: String lt: String ge: String gt: String \
      contains: String notContains: String between: [String] beginsWith: String \
      attributeExists: Boolean attributeType: ModelAttributeTypes size: ModelSizeInput }
      input ModelIntInput { ne: Int eq: Int le: Int lt: Int ge: Int gt: Int between: [Int] \
      attributeExists: Boolean attributeType: ModelAttributeTypes }
      input ModelFloatInput { ne: Float eq: Float le: Float lt: Float ge: Float gt: Float \
      between: [Float] attributeExists: Boolean attributeType: ModelAttributeTypes }
      input ModelBooleanInput { ne: Boolean eq: Boolean attributeExists: Boolean \
      attributeType: ModelAttributeTypes }
      input ModelIDInput { ne: ID eq: ID le: ID lt: ID ge: ID gt: ID contains: ID notContains: ID \
      between: [ID] beginsWith: ID attributeExists: Boolean attributeType: ModelAttributeTypes \
      size: ModelSizeInput }
      input ModelSubscriptionStringInput { ne: String eq: String le: String lt: String ge: String \
      gt: String contains: String notContains: String between: [String] beginsWith: String \
      in: [String] notIn: [String] }
      input ModelSubscriptionIntInput { ne: Int eq: Int le: Int lt: Int ge: Int gt: Int \
      between: [Int] in: [Int] notIn: [Int] }
      input ModelSubscriptionFloatInput { ne: Float eq: Float le: Float lt: Float ge: Float \
      gt: Float between: [Float] in: [Float] notIn: [Float] }
      input ModelSubscriptionBooleanInput { ne: Boolean eq: Boolean }
      input ModelSubscriptionIDInput { ne: ID eq: ID le: ID lt: ID ge: ID gt: ID contains: ID \
      notContains: ID between: [ID] beginsWith: ID in: [ID] notIn: [ID] }
      enum ModelAttributeTypes { binary binarySet bool list map number numberSet string stringSet \
      _null }
      input ModelSizeInput { ne: Int eq: Int le: Int lt: Int ge: Int gt: Int between: [Int] }
      enum ModelSortDirection { ASC DESC }
      """;

  static final String[] BASE_NAMES = {
    "ModelStringInput",
    "ModelIntInput",
    "ModelFloatInput",
    "ModelBooleanInput",
    "ModelIDInput",
    "ModelSubscriptionStringInput",
    "ModelSubscriptionIntInput",
    "ModelSubscriptionFloatInput",
    "ModelSubscriptionBooleanInput",
    "ModelSubscriptionIDInput",
    "ModelAttributeTypes",
    "ModelSizeInput",
    "ModelSortDirection"
  };

  static String keyConditionInput(String name) {
    String base = name.substring("Model".length(), name.length() - "KeyConditionInput".length());
    String beginsWith = base.equals("String") || base.equals("ID") ? " beginsWith: " + base : "";
    return "input "
        + name
        + " { eq: "
        + base
        + " le: "
        + base
        + " lt: "
        + base
        + " ge: "
        + base
        + " gt: "
        + base
        + " between: ["
        + base
        + "]"
        + beginsWith
        + " }";
  }
}
