package io.roistream.stack.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port checks: is a port free to bind, does something accept connections on it. */
public final class Ports {

    /** The address every service of the stack binds: 127.0.0.1. */
    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Ports() {}

    /** Whether {@code port} can be bound on 127.0.0.1 right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something on 127.0.0.1 accepts a TCP connection on {@code port} within {@code timeoutMillis}. */
    public static boolean accepts(int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago, chosen by the operating system. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(LOOPBACK, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
        }
    }
}
