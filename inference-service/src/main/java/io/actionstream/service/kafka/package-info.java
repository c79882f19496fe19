/** Kafka administration the service does before starting Kafka Streams (topic creation). */
package io.actionstream.service.kafka;
