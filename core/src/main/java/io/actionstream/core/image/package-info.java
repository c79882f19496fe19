/**
 * Pixels: JPEG decoding (TurboJPEG where installed, {@code javax.imageio} otherwise), area
 * resampling and the resize policies that fit a frame of any size to the model's input. Shared by
 * the service (frame assembly) and the trainer (data loading) so both see the same pixels.
 */
package io.actionstream.core.image;
