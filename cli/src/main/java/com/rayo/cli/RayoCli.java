package com.rayo.cli;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Java side of {@code bin/rayo}: {@code up}, {@code down}, {@code status [--json]},
 * {@code bench routing}. The shell script installs packages and builds; this runs things.
 */
public final class RayoCli {
    private RayoCli() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("rayo.home", ".")).toAbsolutePath().normalize();
        String cmd = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        int code = switch (cmd) {
            case "up" -> new UpCommand(root).run(rest);
            case "down" -> new DownCommand(root).run();
            case "status" -> new StatusCommand(root).run(Arrays.asList(rest).contains("--json"));
            case "bench" -> Bench.run(rest);
            default -> {
                System.err.println("usage: bin/rayo up | down | status [--json] | test | bench routing [--calls N] [--clients N]");
                yield cmd.equals("help") ? 0 : 2;
            }
        };
        System.exit(code);
    }
}
