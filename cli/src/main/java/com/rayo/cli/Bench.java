package com.rayo.cli;

import com.rayo.cassandra.embedded.SharedTestNode;
import com.rayo.cli.bench.RoutingBench;

/** {@code bin/rayo bench <what> [options]}. */
final class Bench {
    private Bench() {}

    static int run(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: bin/rayo bench routing|store|balance|admin|api|rtp|sip|media|mixer|failover [--partition [--server prosody|ejabberd] [--cuts N]] [--clients N] [--calls N] [--dials N] [--seconds S] [--rounds R] [--transport native|whack]");
            return 2;
        }
        // The test Cassandra node a benchmark starts goes with it; one that ran before (a test run's) is left as it was.
        boolean nodeWasRunning = SharedTestNode.running();
        try {
            return bench(args);
        } finally {
            if (!nodeWasRunning && SharedTestNode.running()) {
                System.out.println("Stopping the test Cassandra node the benchmark started ...");
                SharedTestNode.stop();
            }
        }
    }

    private static int bench(String[] args) throws Exception {
        return switch (args[0]) {
            case "routing" -> RoutingBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "store" -> com.rayo.cli.bench.StoreBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "balance" -> com.rayo.cli.bench.BalanceBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "admin" -> com.rayo.cli.bench.AdminBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "rtp" -> com.rayo.cli.bench.RtpBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "sip" -> com.rayo.cli.bench.SipBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "media" -> com.rayo.cli.bench.MediaBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "mixer" -> com.rayo.cli.bench.MixerBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "failover" -> com.rayo.cli.bench.FailoverBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "api" -> com.rayo.cli.bench.AdminBench.api(java.util.Arrays.copyOfRange(args, 1, args.length));
            default -> {
                System.err.println("unknown benchmark '" + args[0] + "' (routing, store, balance, admin, api, rtp, sip, media, mixer, failover)");
                yield 2;
            }
        };
    }
}
