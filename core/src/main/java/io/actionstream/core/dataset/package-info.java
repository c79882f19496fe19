/**
 * Datasets of labelled clips: how they are split, stored and read.
 *
 * <ul>
 *   <li>Splits: {@link io.actionstream.core.dataset.SplitDefinition} (i.i.d. or compositional, with
 *       its held-out pairs) built by {@link io.actionstream.core.dataset.Splits}; a clip's {@link
 *       io.actionstream.core.dataset.Partition} is a pure function of split, clip index and
 *       sentence.
 *   <li>On disk: a directory with {@code manifest.json} ({@link
 *       io.actionstream.core.dataset.DatasetManifest}) and binary shards, written by {@link
 *       io.actionstream.core.dataset.DatasetWriter} and streamed by {@link
 *       io.actionstream.core.dataset.DatasetReader} in constant memory.
 *   <li>Bring your own data: {@link io.actionstream.core.dataset.FolderDataset} reads an {@code
 *       annotations.csv} over image folders and MP4 files.
 *   <li>{@link io.actionstream.core.dataset.ClipSource}: what trainers consume, implemented by both
 *       readers.
 * </ul>
 *
 * See {@code docs/datasets.md} for the formats.
 */
package io.actionstream.core.dataset;
