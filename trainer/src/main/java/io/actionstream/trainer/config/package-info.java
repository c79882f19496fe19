/**
 * The trainer's configuration: {@link io.actionstream.trainer.config.TrainConfig} and its loader,
 * which merges the bundled defaults, a user file and command-line overrides.
 */
package io.actionstream.trainer.config;
