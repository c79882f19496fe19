/**
 * The service's configuration: {@link io.actionstream.service.config.ServiceConfig} declares every
 * key once and passes Kafka's keys through; {@link io.actionstream.service.config.ConfigSources}
 * merges file, environment and overrides; {@link io.actionstream.service.config.Secrets} masks
 * secrets; {@link io.actionstream.service.config.RecordSizes} sizes the producer and topics for the
 * largest record. Reference: {@code docs/operations.md}.
 */
package io.actionstream.service.config;
