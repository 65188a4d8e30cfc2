package io.roistream.stack;

/** Raised by {@code up} before anything starts when a port a service needs is already taken. */
public final class PortInUseException extends StackException {

    private static final long serialVersionUID = 1L;

    private final int port;
    private final StackService service;

    /** Creates the exception for a port that the given service needs. */
    public PortInUseException(int port, StackService service, String purpose) {
        super("Port " + port + " (" + purpose + " of the " + service.description()
                + ") is already in use on 127.0.0.1: stop what uses it or choose another port");
        this.port = port;
        this.service = service;
    }

    /** The busy port. */
    public int port() {
        return port;
    }

    /** The service that needed it. */
    public StackService service() {
        return service;
    }
}
