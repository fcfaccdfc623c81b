package com.rayo.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real XMPP server started privately for bin/rayo, the integration tests and the
 * benchmarks: Prosody (the default) or ejabberd. Components are configured before start.
 */
public interface XmppServer extends AutoCloseable {
    /** Starts and waits until every port accepts connections. */
    XmppServer start(Duration timeout) throws IOException, InterruptedException;

    /** SIGTERM, then SIGKILL after 5 s. */
    void stop() throws InterruptedException;

    /** Stops and removes the work folder. */
    void destroy() throws InterruptedException, IOException;

    /** Registers a client account, also while running. */
    void addUser(String name, String password) throws IOException;

    String host();

    int c2sPort();

    /** The port where {@code domain}'s component connects (one for all on Prosody, one each on ejabberd). */
    int componentPort(String domain);

    long pid();

    boolean isRunning();

    Path logFile();

    @Override default void close() throws InterruptedException { stop(); }
}
