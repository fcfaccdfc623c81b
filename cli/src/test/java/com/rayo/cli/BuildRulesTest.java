package com.rayo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/build-rules.sh, which decides when bin/rayo rebuilds: only for a build input newer than
 * the last build (never for a file 'up' writes), and never under a running local cluster.
 */
class BuildRulesTest {
    @TempDir Path root;

    /** Runs one rule of the real script against the temporary checkout; true when it says yes. */
    boolean rule(String call) throws Exception {
        Path script = com.rayo.cassandra.embedded.EmbeddedCassandra.projectRoot().resolve("bin/build-rules.sh");
        Process p = new ProcessBuilder("bash", "-c", "ROOT='" + root + "'; . '" + script + "'; " + call).inheritIO().start();
        return p.waitFor() == 0;
    }

    void touch(String path, Instant when) throws Exception {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        if (!Files.exists(f)) Files.writeString(f, "x");
        Files.setLastModifiedTime(f, FileTime.from(when));
    }

    @Test void onlyBuildInputsNewerThanTheLastBuildCount() throws Exception {
        Instant built = Instant.now().minusSeconds(60);
        touch("gateway/src/main/java/A.java", built.minusSeconds(10));
        touch("cli/target/lib/.built", built);
        String stamp = "sources_changed '" + root.resolve("cli/target/lib/.built") + "'";
        touch("conf/realm.properties", built.plusSeconds(10)); // written by 'up'
        touch("var/gateway.conf", built.plusSeconds(10));
        touch("gateway/target/classes/A.class", built.plusSeconds(10));
        assertFalse(rule(stamp), "files 'up' writes and build outputs are not sources");
        touch("web/src/main/resources/reference.conf", built.plusSeconds(10));
        assertTrue(rule(stamp), "a resource of a module is");
        touch("web/src/main/resources/reference.conf", built.minusSeconds(10));
        touch("pom.xml", built.plusSeconds(10));
        assertTrue(rule(stamp), "and so is a pom");
    }

    @Test void theBuildLogHasNoAnsiCodes() throws Exception {
        Path log = root.resolve("build.log");
        assertTrue(rule("printf '\\033[0m\\033[0m[INFO] BUILD \\033[1;32mSUCCESS\\033[m\\n' | plain > '" + log + "'"));
        assertEquals("[INFO] BUILD SUCCESS\n", Files.readString(log));
    }

    @Test void aClusterRunsWhileAProcessOfThisCheckoutIsAlive() throws Exception {
        assertFalse(rule("cluster_running"), "no state file");
        Process p = new ProcessBuilder("bash", "-c", "sleep 60; :", root + "/var/marker").start(); // $0: a path of the checkout
        try {
            Files.createDirectories(root.resolve("var"));
            Files.writeString(root.resolve("var/cluster.properties"), "proc.0.name=x\nproc.0.pid=" + p.pid() + "\n");
            assertTrue(rule("cluster_running"));
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertFalse(rule("cluster_running"), "its process is gone");
        Process other = new ProcessBuilder("sleep", "60").start(); // alive, but not ours (a reused pid)
        try {
            Files.writeString(root.resolve("var/cluster.properties"), "proc.0.name=x\nproc.0.pid=" + other.pid() + "\n");
            assertFalse(rule("cluster_running"));
        } finally {
            other.destroyForcibly().waitFor();
        }
    }
}
