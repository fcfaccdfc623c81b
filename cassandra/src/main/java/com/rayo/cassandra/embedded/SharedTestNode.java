package com.rayo.cassandra.embedded;

import java.io.IOException;
import java.time.Duration;

/**
 * The one embedded node a whole test run shares (every module's tests, one JVM each):
 * started by the first test that needs it, reused by the others through its pid file,
 * stopped by {@code bin/rayo test} when the run ends. Data in var/test-cassandra.
 *
 * <p>Its ports are the checkout's own (derived from its path), so the test runs and benchmarks
 * of two checkouts on one machine never share a node; and the launcher checks that the node
 * answering is the one it started (see {@link EmbeddedCassandra#start}).
 */
public final class SharedTestNode {
    /** CQL port of this checkout's test node: 19000–19998, even. */
    public static final int CQL_PORT = 19000 + 2 * slot();
    /** Its storage port: 17000–17998, even. */
    public static final int STORAGE_PORT = 17000 + 2 * slot();
    private static EmbeddedCassandra node;

    private SharedTestNode() {}

    private static int slot() {
        return Math.floorMod(EmbeddedCassandra.projectRoot().toAbsolutePath().normalize().toString().hashCode(), 500);
    }

    private static EmbeddedCassandra create() {
        return new EmbeddedCassandra(EmbeddedCassandra.projectRoot().resolve("var/test-cassandra"), CQL_PORT, STORAGE_PORT);
    }

    public static synchronized EmbeddedCassandra get() throws IOException, InterruptedException {
        if (node == null) {
            EmbeddedCassandra n = create();
            n.start(Duration.ofSeconds(120));
            node = n;
        }
        return node;
    }

    /** Whether this checkout's test node runs now (started by an earlier run or another JVM). */
    public static boolean running() {
        return create().running().isPresent();
    }

    /** Stops this checkout's test node, if it runs. */
    public static synchronized void stop() throws InterruptedException {
        create().stop();
        node = null;
    }

    /** Stops the shared node: {@code java … SharedTestNode stop}. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("stop")) stop();
        else System.out.println(create().start(Duration.ofSeconds(120)));
    }
}
