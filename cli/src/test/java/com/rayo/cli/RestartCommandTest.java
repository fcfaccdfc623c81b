package com.rayo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/rayo restart NAME} on a real process: a crashed one comes back, status follows the new pid. */
class RestartCommandTest {
    @TempDir Path root;
    final String marker = "rayo-restart-test-" + ProcessHandle.current().pid();

    @AfterEach void stopWhatRuns() throws Exception {
        for (ClusterState.Proc p : ClusterState.load(root).procs()) ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }

    ClusterState.Proc started() throws Exception {
        // A process whose command line carries the marker, as every process 'up' starts does.
        // Not a lone last command: dash would exec sleep in place of itself and the marker ($0) would leave the command line.
        // No setsid here: when it runs as a process group leader it forks and exits, and the pid recorded is gone.
        List<String> cmd = List.of("sh", "-c", "sleep 300; exit 0", marker);
        Path out = root.resolve("worker.log");
        ClusterState.Proc p = new ClusterState.Proc("worker", RestartCommand.spawn(cmd, out), out.toString(), marker, cmd, out.toString(), 0);
        ClusterState s = new ClusterState();
        s.addProc(p);
        s.save(root);
        for (int i = 0; i < 100 && !ClusterState.alive(p); i++) Thread.sleep(20); // exec'ed: its command line shows the marker
        assertTrue(ClusterState.alive(p));
        return p;
    }

    @Test void aCrashedProcessIsStartedAgainWithItsRecordedCommandLine() throws Exception {
        ClusterState.Proc first = started();
        ProcessHandle h = ProcessHandle.of(first.pid()).orElseThrow();
        h.destroyForcibly();
        h.onExit().join();
        assertFalse(ClusterState.alive(ClusterState.load(root).procs().get(0)), "status shows it down");
        assertEquals(0, new RestartCommand(root).run(new String[] { "worker" }));
        ClusterState.Proc now = ClusterState.load(root).procs().get(0);
        assertNotEquals(first.pid(), now.pid(), "the state follows the new pid");
        assertTrue(ClusterState.alive(now), "and it runs");
        assertEquals(first.command(), now.command(), "with the same command line");
    }

    @Test void aRunningProcessIsStoppedFirst() throws Exception {
        ClusterState.Proc first = started();
        assertEquals(0, new RestartCommand(root).run(new String[] { "worker" }));
        assertFalse(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false), "the old one is gone");
        assertTrue(ClusterState.alive(ClusterState.load(root).procs().get(0)));
    }

    @Test void anUnknownNameIsAUsageError() throws Exception {
        started();
        assertEquals(2, new RestartCommand(root).run(new String[] { "nope" }));
        assertEquals(2, new RestartCommand(root).run(new String[0]));
    }
}
