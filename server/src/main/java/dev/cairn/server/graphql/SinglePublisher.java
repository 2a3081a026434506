package dev.cairn.server.graphql;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A source event stream of at most one item, so that graphql-java's subscription execution renders
 * one change with a subscription's own selection set (and the schema's relation fetchers and
 * scalars), exactly as a query would render the record.
 */
final class SinglePublisher implements Publisher<Object> {
  private final Object item;

  /**
   * @param item the event, or null for a stream that completes at once
   */
  SinglePublisher(Object item) {
    this.item = item;
  }

  @Override
  public void subscribe(Subscriber<? super Object> subscriber) {
    subscriber.onSubscribe(
        new Subscription() {
          private boolean done;

          @Override
          public void request(long n) {
            if (done || n <= 0) {
              return;
            }
            done = true;
            if (item != null) {
              subscriber.onNext(item);
            }
            subscriber.onComplete();
          }

          @Override
          public void cancel() {
            done = true;
          }
        });
  }
}
