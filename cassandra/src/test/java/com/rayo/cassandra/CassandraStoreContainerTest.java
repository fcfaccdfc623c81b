package com.rayo.cassandra;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.containers.CassandraContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import com.rayo.cassandra.store.CassandraStore;
import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.StoreSettings;

/**
 * The same store contract on a Cassandra container, for users with Docker. Without a
 * Docker engine (as on this project's machines) JUnit reports it skipped; the contract
 * always runs on the embedded node in {@link CassandraStoreTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CassandraStoreContainerTest extends ClusterStoreContract {
    @Container
    static final CassandraContainer<?> CASSANDRA = new CassandraContainer<>("cassandra:5.0");
    CassandraStore store;

    @BeforeAll void open() throws Exception {
        StoreSettings local = StoreSettings.local(CASSANDRA.getMappedPort(9042), "rayo_container");
        store = CassandraStore.open(new StoreSettings(List.of(new InetSocketAddress(CASSANDRA.getHost(), CASSANDRA.getMappedPort(9042))),
                CASSANDRA.getLocalDatacenter(), local.keyspace(), local.replication(), local.consistency(), local.serialConsistency(),
                null, null, null, null, Duration.ofSeconds(5), local.historyTtl()));
    }

    @AfterAll void close() { if (store != null) store.close(); }

    @Override ClusterStore store() { return store; }
}
