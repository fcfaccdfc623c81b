package com.rayo.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What Prosody and ejabberd share here: one process started from a private work folder. */
abstract class LocalXmppServer implements XmppServer {
    protected final Path dir;
    protected Process process;

    protected LocalXmppServer(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public Path dir() { return dir; }

    @Override public long pid() { return process == null ? -1 : process.pid(); }

    @Override public boolean isRunning() { return process != null && process.isAlive(); }

    /** SIGTERM, then SIGKILL after 5 s: both shut down cleanly on SIGTERM but may take a while. */
    @Override public synchronized void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override public void destroy() throws InterruptedException, IOException {
        stop();
        WorkDirs.delete(dir);
    }

    /** Waits until every port accepts connections; says where to look when the server exits or is slow. */
    protected void awaitPorts(String name, List<Integer> ports, Duration timeout, Path output) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ports.stream().allMatch(ProsodyServer::portOpen)) {
            if (!process.isAlive()) throw new IllegalStateException(name + " exited at start (code " + process.exitValue() + "); see " + output + " and " + logFile());
            if (System.nanoTime() > deadline) throw new IllegalStateException(name + " did not open ports " + ports + " in " + timeout + "; see " + logFile());
            Thread.sleep(50);
        }
    }
}
