package com.rayo.cassandra.embedded;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher never takes another folder's node for its own (a node another checkout left
 * running on the port once made a whole test run stop a Cassandra that served nothing).
 * The test run's shared node plays that other checkout's node here.
 */
class EmbeddedCassandraTest {
    @TempDir Path dir;

    @Test void aPortHeldByAnotherFoldersNodeIsRefusedNamingThatNode() throws Exception {
        EmbeddedCassandra other = SharedTestNode.get();
        EmbeddedCassandra mine = new EmbeddedCassandra(dir, other.nativePort(), freePort());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mine.start(Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("port " + other.nativePort() + " is taken by another Cassandra node (pid " + other.running().orElseThrow().pid()), e.getMessage());
        assertTrue(e.getMessage().contains(other.dir().toString()), "says whose it is: " + e.getMessage());
        assertTrue(mine.running().isEmpty(), "nothing was started");
    }

    @Test void aPortHeldByAnyOtherProcessIsRefused() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedCassandra mine = new EmbeddedCassandra(dir, squatter.getLocalPort(), freePort());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> mine.start(Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains("is taken by another process"), e.getMessage());
        }
    }

    @Test void aNodeAnsweringWithAnotherFoldersDataIsNotTakenForThisOne() throws Exception {
        EmbeddedCassandra other = SharedTestNode.get();
        assertTrue(other.answersAsThisNode(), "the shared node is itself");
        EmbeddedCassandra mine = new EmbeddedCassandra(dir, other.nativePort(), freePort());
        IllegalStateException e = assertThrows(IllegalStateException.class, mine::answersAsThisNode);
        assertTrue(e.getMessage().contains("is not the one started for " + dir), e.getMessage());
    }

    @Test void eachCheckoutHasPortsOfItsOwn() {
        assertTrue(SharedTestNode.CQL_PORT >= 19000 && SharedTestNode.CQL_PORT < 20000, "CQL " + SharedTestNode.CQL_PORT);
        assertEquals(SharedTestNode.CQL_PORT - 19000, SharedTestNode.STORAGE_PORT - 17000);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
