/** Layered configuration: command-line flags over environment variables over a properties file over defaults. */
package io.roistream.runtime.config;
