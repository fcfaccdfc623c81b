package com.rayo.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Gives a server the product talks to (media relays, Cassandra) a CPU of its own and the rest
 * of the benchmark (clients, gateway or balancer, Prosody) the others, as separate hosts would:
 * on a shared 2-core machine the server's CPU would otherwise come straight out of what is
 * measured, and the benchmark would measure the machine. {@link #NONE} leaves everything where
 * the scheduler puts it.
 */
record CpuSplit(String apart, String rest, String all) {
    static final CpuSplit NONE = new CpuSplit(null, null, null);

    /** The last CPU this process may use ({@code Cpus_allowed_list}) apart, the others for the rest; NONE with --no-pin. */
    static CpuSplit fromArgs(String[] args) throws IOException {
        if (java.util.Arrays.asList(args).contains("--no-pin")) return NONE;
        List<Integer> cpus = new ArrayList<>();
        String all = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (!line.startsWith("Cpus_allowed_list:")) continue;
            all = line.substring(line.indexOf(':') + 1).trim();
            for (String part : all.split(",")) {
                String[] range = part.split("-");
                int from = Integer.parseInt(range[0]), to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                for (int c = from; c <= to; c++) cpus.add(c);
            }
        }
        if (cpus.size() < 2) return NONE;
        String rest = cpus.subList(0, cpus.size() - 1).stream().map(String::valueOf).collect(Collectors.joining(","));
        return new CpuSplit(String.valueOf(cpus.get(cpus.size() - 1)), rest, all);
    }

    String describe(String server) {
        return apart == null ? server + " and benchmark share all CPUs" : server + " on CPU " + apart + ", the rest on CPU " + rest;
    }

    /** Pins every thread of this JVM to the rest (new threads inherit it from their creators). */
    void pinThisProcess() throws IOException, InterruptedException {
        pin(ProcessHandle.current().pid(), rest);
    }

    void pinApart(long pid) throws IOException, InterruptedException {
        pin(pid, apart);
    }

    void pinRest(long pid) throws IOException, InterruptedException {
        pin(pid, rest);
    }

    /** Gives a process that outlives the benchmark (a shared Cassandra node, Prosody) every CPU back. */
    void release(long pid) throws IOException, InterruptedException {
        pin(pid, all);
    }

    private static void pin(long pid, String cpus) throws IOException, InterruptedException {
        if (cpus == null || pid <= 0) return;
        int rc = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start().waitFor();
        if (rc != 0) throw new IOException("taskset could not pin process " + pid + " to CPU " + cpus + " (exit " + rc + ")");
    }
}
