/**
 * Synthetic action clips: {@link io.actionstream.core.synth.ActionClipGenerator} renders one object
 * of a given size, colour and shape performing one action, labelled with the sentence "size colour
 * shape action" of {@link io.actionstream.core.schema.PropertySchema#defaultSchema()}. {@link
 * io.actionstream.core.synth.GeneratorConfig} holds its settings, {@link
 * io.actionstream.core.synth.ContactSheet} draws clips to a PNG for inspection and {@link
 * io.actionstream.core.synth.GeneratorBenchmark} measures its speed. Clips are deterministic in
 * (seed, clip index). See docs/synthetic-data.md.
 */
package io.actionstream.core.synth;
