package dev.cairn.spec;

/**
 * {@code @model(subscriptions: {level:})}: {@code ON} applies the model's auth rules to
 * subscriptions (default), {@code PUBLIC} lets any authenticated caller subscribe, {@code OFF}
 * generates none.
 */
public enum SubscriptionLevel {
  ON,
  PUBLIC,
  OFF
}
