/**
 * Kafka plumbing of the command line: {@link io.actionstream.cli.kafka.LocalKafka} (a single-node
 * KRaft broker in this JVM), the clients the commands share ({@link
 * io.actionstream.cli.kafka.KafkaClients}) and the query round trip ({@link
 * io.actionstream.cli.kafka.QueryClient}).
 */
package io.actionstream.cli.kafka;
