/** Safe image intake: limits and header checks before any pixel is decoded. */
package io.roistream.runtime.images;
