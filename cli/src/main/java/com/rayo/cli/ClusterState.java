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
    /**
     * @param log     what the status shows (the process's own log)
     * @param command the command line it was started with, to start it again ({@code bin/rayo restart})
     * @param out     where its standard output goes
     * @param port    a TCP port it opens when ready (0: none to wait for)
     */
    record Proc(String name, long pid, String log, String marker, List<String> command, String out, int port) {
        Proc withPid(long newPid) { return new Proc(name, newPid, log, marker, command, out, port); }
    }

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
        put(procs().size(), proc);
    }

    /** Replaces the process of that name (same place in the start order). */
    void replaceProc(Proc proc) {
        List<Proc> all = procs();
        for (int i = 0; i < all.size(); i++) if (all.get(i).name().equals(proc.name())) put(i, proc);
    }

    private void put(int i, Proc proc) {
        p.setProperty("proc." + i + ".name", proc.name());
        p.setProperty("proc." + i + ".pid", Long.toString(proc.pid()));
        p.setProperty("proc." + i + ".log", proc.log());
        p.setProperty("proc." + i + ".marker", proc.marker());
        p.setProperty("proc." + i + ".command", String.join("\n", proc.command()));
        p.setProperty("proc." + i + ".out", proc.out());
        p.setProperty("proc." + i + ".port", Integer.toString(proc.port()));
    }

    List<Proc> procs() {
        List<Proc> out = new ArrayList<>();
        for (int i = 0; p.getProperty("proc." + i + ".name") != null; i++) {
            String command = p.getProperty("proc." + i + ".command", "");
            out.add(new Proc(p.getProperty("proc." + i + ".name"), Long.parseLong(p.getProperty("proc." + i + ".pid")),
                    p.getProperty("proc." + i + ".log"), p.getProperty("proc." + i + ".marker"),
                    command.isEmpty() ? List.of() : List.of(command.split("\n")), p.getProperty("proc." + i + ".out", p.getProperty("proc." + i + ".log")),
                    Integer.parseInt(p.getProperty("proc." + i + ".port", "0"))));
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
