package com.rayo.cassandra.embedded;

import java.io.IOException;
import java.time.Duration;

/**
 * The one embedded node a whole test run shares (every module's tests, one JVM each):
 * started by the first test that needs it, reused by the others through its pid file,
 * stopped by {@code bin/rayo test} when the run ends. Data in var/test-cassandra.
 */
public final class SharedTestNode {
    public static final int CQL_PORT = 19042;
    public static final int STORAGE_PORT = 17000;
    private static EmbeddedCassandra node;

    private SharedTestNode() {}

    public static synchronized EmbeddedCassandra get() throws IOException, InterruptedException {
        if (node == null) {
            EmbeddedCassandra n = new EmbeddedCassandra(EmbeddedCassandra.projectRoot().resolve("var/test-cassandra"), CQL_PORT, STORAGE_PORT);
            n.start(Duration.ofSeconds(120));
            node = n;
        }
        return node;
    }

    /** Stops the shared node: {@code java … SharedTestNode stop}. */
    public static void main(String[] args) throws Exception {
        EmbeddedCassandra n = new EmbeddedCassandra(EmbeddedCassandra.projectRoot().resolve("var/test-cassandra"), CQL_PORT, STORAGE_PORT);
        if (args.length > 0 && args[0].equals("stop")) n.stop();
        else System.out.println(n.start(Duration.ofSeconds(120)));
    }
}
