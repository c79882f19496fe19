/**
 * Dead-letter routing: {@link io.actionstream.streams.deadletter.DeadLetterRouter}, used by every
 * processor, and the processing codes of {@link io.actionstream.streams.deadletter.StreamErrors}.
 */
package io.actionstream.streams.deadletter;
