package com.rayo.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.rayo.testkit.ProsodyServer;

/**
 * {@code bin/rayo restart NAME}: stops one process of the local cluster if it still runs and
 * starts it again with the command line {@code up} recorded, so a crashed component comes back
 * without {@code down} + {@code up}; {@code status} then follows the new pid.
 */
final class RestartCommand {
    private static final Duration READY = Duration.ofSeconds(180);
    private final Path root;

    RestartCommand(Path root) { this.root = root; }

    int run(String[] args) throws Exception {
        ClusterState state = ClusterState.load(root);
        List<String> names = state.procs().stream().map(ClusterState.Proc::name).toList();
        if (args.length != 1) {
            System.err.println("usage: bin/rayo restart NAME   (one of: " + (names.isEmpty() ? "nothing runs: bin/rayo up" : String.join(", ", names)) + ")");
            return 2;
        }
        ClusterState.Proc proc = state.procs().stream().filter(p -> p.name().equals(args[0])).findFirst().orElse(null);
        if (proc == null) {
            System.err.println("no process '" + args[0] + "' in the local cluster" + (names.isEmpty() ? " (nothing runs: bin/rayo up)" : "; there are: " + String.join(", ", names)));
            return 2;
        }
        if (proc.command().isEmpty()) {
            System.err.println(proc.name() + " was started by an older bin/rayo up that did not record its command line: bin/rayo down && bin/rayo up");
            return 1;
        }
        DownCommand.stop(proc);
        ClusterState.Proc started = proc.withPid(spawn(proc.command(), Path.of(proc.out())));
        state.replaceProc(started);
        state.save(root);
        System.out.printf("  %-12s pid %-7d starting ...", started.name(), started.pid());
        System.out.flush();
        String problem = awaitReady(started);
        if (problem != null) {
            System.out.println(" FAILED: " + problem + "; see " + started.log());
            return 1;
        }
        System.out.println(" ok" + (started.port() > 0 ? " (127.0.0.1:" + started.port() + " open)" : ""));
        return 0;
    }

    /** Starts a process detached from this one (its command begins with setsid), output appended to {@code out}; returns its pid. */
    static long spawn(List<String> command, Path out) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start().pid();
    }

    /** Null when it runs (and its port is open, if it has one); else what went wrong. */
    private static String awaitReady(ClusterState.Proc proc) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        long aliveSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (!ProcessHandle.of(proc.pid()).map(ProcessHandle::isAlive).orElse(false)) return "it exited at start";
            // Its command line shows the marker only once exec'ed (just after the fork it is still this JVM's).
            boolean ready = ClusterState.alive(proc)
                    && (proc.port() > 0 ? ProsodyServer.portOpen(proc.port()) : System.nanoTime() - aliveSince > Duration.ofSeconds(2).toNanos());
            if (ready) return null;
            Thread.sleep(100);
        }
        return "port " + proc.port() + " did not open in " + READY.toSeconds() + " s";
    }
}
