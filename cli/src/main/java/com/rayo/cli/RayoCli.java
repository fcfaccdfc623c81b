package com.rayo.cli;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Java side of {@code bin/rayo}: {@code up}, {@code down}, {@code status [--json]},
 * {@code bench routing}. The shell script installs packages and builds; this runs things.
 */
public final class RayoCli {
    /** Smack warns through JUL about presence before its roster loads: noise for an operator. */
    private static final java.util.logging.Logger ROSTER_LOG = java.util.logging.Logger.getLogger("org.jivesoftware.smack.roster.Roster");

    private RayoCli() {}

    public static void main(String[] args) throws Exception {
        ROSTER_LOG.setLevel(java.util.logging.Level.SEVERE);
        Path root = Path.of(System.getProperty("rayo.home", ".")).toAbsolutePath().normalize();
        String cmd = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        int code = switch (cmd) {
            case "up" -> new UpCommand(root).run(rest);
            case "down" -> new DownCommand(root).run();
            case "restart" -> new RestartCommand(root).run(rest);
            case "status" -> new StatusCommand(root).run(Arrays.asList(rest).contains("--json"));
            case "drain", "resume" -> new NodeCommand(root).run(args[0], rest);
            case "bench" -> Bench.run(rest);
            case "state" -> new StateCommand(root).run(rest);
            case "cql" -> new StateCommand(root).cql(rest);
            case "rtp-cluster" -> com.rayo.rtp.admin.AdminClient.run(com.rayo.rtp.config.RtpClusterConfig.load(root.resolve("conf/rtp-cluster.conf"), root).admin(),
                    String.join(" ", rest).isBlank() ? "ls" : String.join(" ", rest));
            default -> {
                System.err.println("usage: bin/rayo up | down | restart NAME | status [--json] | test | state VIEW [--filter k=v] [--limit N] [--page P] [--json] | cql \"STATEMENT\" | bench routing|store|balance|admin|rtp|sip|failover");
                yield cmd.equals("help") ? 0 : 2;
            }
        };
        System.exit(code);
    }
}
