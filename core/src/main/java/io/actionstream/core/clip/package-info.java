/**
 * Clips in memory: {@link io.actionstream.core.clip.Clip} holds T frames of RGB bytes, the form
 * frames travel in before they become floats at the model's door.
 */
package io.actionstream.core.clip;
