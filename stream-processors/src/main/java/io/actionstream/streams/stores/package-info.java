/**
 * The topology's state stores: their names ({@link io.actionstream.streams.stores.StateStores}) and
 * the stored form of a stream's latest clip ({@link io.actionstream.streams.stores.LatestClips}).
 */
package io.actionstream.streams.stores;
