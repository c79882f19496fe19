/**
 * Mask-conditioned augmentation: pixel transformations that each change one kind of property
 * ({@link io.actionstream.trainer.augment.Augmentation}), applied to a training example only for
 * the slots its mask does not ask ({@link io.actionstream.trainer.augment.MaskedAugmenter}).
 */
package io.actionstream.trainer.augment;
