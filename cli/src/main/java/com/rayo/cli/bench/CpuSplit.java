package com.rayo.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Gives the relays under test a CPU of their own and the benchmark's JVM (clients and
 * balancer) the others, as separate hosts would: on a shared 2-core machine the balancer's
 * CPU would otherwise come straight out of the relay's and the benchmark would measure the
 * machine, not the balancer. {@link #NONE} leaves everything where the scheduler puts it.
 */
record CpuSplit(String relay, String bench) {
    static final CpuSplit NONE = new CpuSplit(null, null);

    /** Splits the CPUs this process may use ({@code Cpus_allowed_list}): the last for relays, the rest for this JVM. */
    static CpuSplit ofThisProcess() throws IOException {
        List<Integer> cpus = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (!line.startsWith("Cpus_allowed_list:")) continue;
            for (String part : line.substring(line.indexOf(':') + 1).trim().split(",")) {
                String[] range = part.split("-");
                int from = Integer.parseInt(range[0]), to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                for (int c = from; c <= to; c++) cpus.add(c);
            }
        }
        if (cpus.size() < 2) return NONE;
        String rest = cpus.subList(0, cpus.size() - 1).stream().map(String::valueOf).collect(Collectors.joining(","));
        return new CpuSplit(String.valueOf(cpus.get(cpus.size() - 1)), rest);
    }

    String describe() {
        return relay == null ? "relays and benchmark share all CPUs" : "relays on CPU " + relay + ", clients and balancer on CPU " + bench;
    }

    /** Pins every thread of this JVM (new threads inherit it from their creators). */
    void pinThisProcess() throws IOException, InterruptedException {
        if (bench == null) return;
        int rc = new ProcessBuilder("taskset", "-a", "-p", "-c", bench, Long.toString(ProcessHandle.current().pid()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start().waitFor();
        if (rc != 0) throw new IOException("taskset could not pin the benchmark to CPU " + bench + " (exit " + rc + ")");
    }
}
