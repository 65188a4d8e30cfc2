/** Small statistics shared by the threshold choice and the evaluation. */
package io.roistream.model.stats;
