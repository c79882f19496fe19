/**
 * Building the running application: {@link io.actionstream.streams.app.ActionStreamApp} puts the
 * topology and the Kafka clients it needs together, the one place {@code KafkaStreams} is made.
 */
package io.actionstream.streams.app;
