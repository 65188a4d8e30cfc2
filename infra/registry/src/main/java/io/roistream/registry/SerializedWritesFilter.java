package io.roistream.registry;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebFilter;
import javax.servlet.http.HttpFilter;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Runs the registry's API requests that may write (every method but GET, HEAD and OPTIONS) one at
 * a time. Apicurio 2.4.2's SQL storage on H2 hands out ids by reading and then updating a sequence
 * row, so concurrent registrations, as services starting together make them, fail with lock
 * timeouts or duplicate keys; a single writer at a time avoids that. Reads stay concurrent.
 */
@WebFilter(urlPatterns = "/apis/*", asyncSupported = true)
public final class SerializedWritesFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final transient ReentrantLock writeLock = new ReentrantLock(true);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (READ_METHODS.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        writeLock.lock();
        try {
            chain.doFilter(request, response);
        } finally {
            writeLock.unlock();
        }
    }
}
