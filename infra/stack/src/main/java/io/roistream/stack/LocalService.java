package io.roistream.stack;

import io.roistream.stack.process.JavaCommand;
import java.util.Map;

/** One service of the local stack: the ports it needs, how to prepare and run it, how to tell it is ready. */
interface LocalService {

    /** Which service this is. */
    StackService service();

    /** The ports it binds on 127.0.0.1, each with what it is for. */
    Map<Integer, String> ports();

    /** Writes its configuration and prepares its storage (may run a tool to completion). */
    void prepare();

    /** The command that runs it. */
    JavaCommand command();

    /** Whether it answers as a ready service right now (a quick probe). */
    boolean isReady();
}
