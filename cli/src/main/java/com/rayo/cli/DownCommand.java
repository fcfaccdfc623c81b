package com.rayo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Stops what {@code up} started, by recorded pid (and only if it is still that process). */
final class DownCommand {
    private final Path root;

    DownCommand(Path root) { this.root = root; }

    int run() throws Exception {
        ClusterState state = ClusterState.load(root);
        List<ClusterState.Proc> procs = state.procs();
        if (procs.isEmpty()) {
            System.out.println("Nothing to stop (no var/cluster.properties).");
            return 0;
        }
        // Nodes and gateway first, Prosody last: nodes say goodbye through it.
        for (int i = procs.size() - 1; i >= 0; i--) stop(procs.get(i));
        Files.deleteIfExists(ClusterState.file(root));
        System.out.println("Stopped.");
        return 0;
    }

    static void stop(ClusterState.Proc proc) throws InterruptedException {
        if (!ClusterState.alive(proc)) {
            System.out.printf("  %-12s pid %-7d already stopped%n", proc.name(), proc.pid());
            return;
        }
        ProcessHandle h = ProcessHandle.of(proc.pid()).orElse(null);
        if (h == null) return;
        h.destroy();
        for (int i = 0; i < 100 && h.isAlive(); i++) Thread.sleep(100);
        if (h.isAlive()) h.destroyForcibly();
        System.out.printf("  %-12s pid %-7d stopped%n", proc.name(), proc.pid());
    }
}
