/** Transient versus permanent failures, and bounded exponential backoff. */
package io.roistream.runtime.retry;
