package com.rayo.cassandra;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.datastax.oss.driver.api.core.CqlSession;
import com.rayo.cassandra.embedded.SharedTestNode;
import com.rayo.cassandra.schema.Migrator;
import com.rayo.cassandra.store.CassandraStore;
import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.StoreSettings;

/** The store contract, migrations and history TTL on the real embedded Cassandra node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CassandraStoreTest extends ClusterStoreContract {
    CassandraStore store;
    String keyspace = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeAll void open() throws Exception {
        SharedTestNode.get();
        store = CassandraStore.open(StoreSettings.local(SharedTestNode.CQL_PORT, keyspace).withHistoryTtl(Duration.ofSeconds(2)));
    }

    @AfterAll void close() {
        CassandraStore.dropKeyspace(store.session(), keyspace);
        store.close();
    }

    @Override ClusterStore store() { return store; }

    @Test void endedCallsExpireAfterTheHistoryTtl() throws Exception {
        store.putCall(call("ttl1", "n1.x", "a@x"));
        store.endCall(store.call("ttl1").orElseThrow().ended(NOW, "hungup"));
        assertTrue(store.call("ttl1").isPresent(), "kept as history");
        Thread.sleep(3000);
        assertTrue(store.call("ttl1").isEmpty(), "gone after the 2 s TTL");
    }

    @Test void migrationsFromEmptyReappliedAndConcurrent() throws Exception {
        String ks = keyspace + "_m";
        try (CqlSession s1 = CassandraStore.session(StoreSettings.local(SharedTestNode.CQL_PORT, ks));
             CqlSession s2 = CassandraStore.session(StoreSettings.local(SharedTestNode.CQL_PORT, ks))) {
            String repl = "{'class': 'SimpleStrategy', 'replication_factor': 1}";
            // two gateways starting at once: one applies, the other waits for the lock and finds nothing to do
            CompletableFuture<List<Integer>> a = CompletableFuture.supplyAsync(() -> migrate(s1, ks, repl));
            CompletableFuture<List<Integer>> b = CompletableFuture.supplyAsync(() -> migrate(s2, ks, repl));
            List<Integer> applied = new java.util.ArrayList<>(a.get());
            applied.addAll(b.get());
            List<Integer> all = java.util.stream.IntStream.rangeClosed(1, com.rayo.cassandra.schema.Migrator.MIGRATIONS.size()).boxed().toList();
            assertEquals(all, applied, "each migration applied exactly once, in order");
            assertEquals(List.of(), migrate(s1, ks, repl), "re-applying changes nothing");
            assertNotNull(s1.execute("SELECT * FROM " + ks + ".calls LIMIT 1").getColumnDefinitions().get("call_id"));
            CassandraStore.dropKeyspace(s1, ks);
        }
    }

    @Test void aLockLeftByAStartThatDiedDelaysNoStartWithNothingToApply() {
        // The store of this class is migrated: a lock row of another owner is what a start that died
        // (or whose release timed out) leaves behind for its TTL.
        store.session().execute("INSERT INTO " + keyspace + ".schema_lock (id, owner) VALUES ('migrations', 'a-start-that-died') USING TTL 120");
        long t0 = System.nanoTime();
        assertEquals(List.of(), migrate(store.session(), keyspace, "{'class': 'SimpleStrategy', 'replication_factor': 1}"));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "not waiting for the left lock");
        store.session().execute("DELETE FROM " + keyspace + ".schema_lock WHERE id = 'migrations'");
    }

    private static List<Integer> migrate(CqlSession s, String ks, String repl) {
        try {
            return new Migrator(s, ks).migrate(repl, Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
