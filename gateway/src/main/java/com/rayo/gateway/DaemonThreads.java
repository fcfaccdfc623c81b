package com.rayo.gateway;

import java.util.concurrent.ThreadFactory;

/** Threads of the gateway's own schedules: named for thread dumps, daemon so they never hold the JVM up. */
public final class DaemonThreads {
    private DaemonThreads() {}

    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
