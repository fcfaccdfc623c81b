package com.rayo.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What {@code bin/rayo up} started, in var/cluster.properties: processes with pids and
 * logs, ports, domains, and the demo accounts. {@code down} and {@code status} read it.
 */
final class ClusterState {
    record Proc(String name, long pid, String log, String marker) { }

    final Properties p = new Properties();

    static Path file(Path root) { return root.resolve("var/cluster.properties"); }

    static ClusterState load(Path root) throws IOException {
        ClusterState s = new ClusterState();
        Path f = file(root);
        if (Files.exists(f)) try (Reader r = Files.newBufferedReader(f)) { s.p.load(r); }
        return s;
    }

    void save(Path root) throws IOException {
        Files.createDirectories(file(root).getParent());
        try (Writer w = Files.newBufferedWriter(file(root))) { p.store(w, "written by bin/rayo up"); }
    }

    void addProc(Proc proc) {
        int i = procs().size();
        p.setProperty("proc." + i + ".name", proc.name());
        p.setProperty("proc." + i + ".pid", Long.toString(proc.pid()));
        p.setProperty("proc." + i + ".log", proc.log());
        p.setProperty("proc." + i + ".marker", proc.marker());
    }

    List<Proc> procs() {
        List<Proc> out = new ArrayList<>();
        for (int i = 0; p.getProperty("proc." + i + ".name") != null; i++) {
            out.add(new Proc(p.getProperty("proc." + i + ".name"), Long.parseLong(p.getProperty("proc." + i + ".pid")),
                    p.getProperty("proc." + i + ".log"), p.getProperty("proc." + i + ".marker")));
        }
        return out;
    }

    /** Alive and still the process we started (its command line has our marker), never a reused pid. */
    static boolean alive(Proc proc) {
        try {
            String cmdline = Files.readString(Path.of("/proc/" + proc.pid() + "/cmdline")).replace('\0', ' ');
            return cmdline.contains(proc.marker());
        } catch (IOException e) {
            return false;
        }
    }
}
