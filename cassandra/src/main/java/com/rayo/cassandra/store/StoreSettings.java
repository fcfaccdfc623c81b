package com.rayo.cassandra.store;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to reach the cluster's Cassandra. Nothing assumes localhost: contact points, data
 * center, replication, consistency, credentials and TLS all come from configuration.
 *
 * @param replication a CQL replication map, e.g. {@code {'class':'NetworkTopologyStrategy','dc1':3}}
 * @param truststore a JKS/PKCS12 trust store enabling TLS, or null for plain connections
 */
public record StoreSettings(List<InetSocketAddress> contactPoints, String localDatacenter, String keyspace, String replication,
                            String consistency, String serialConsistency, String username, String password,
                            Path truststore, String truststorePassword, Duration requestTimeout, Duration historyTtl) {
    public StoreSettings {
        if (contactPoints == null || contactPoints.isEmpty()) throw new IllegalArgumentException("no Cassandra contact points");
        if (keyspace == null || !keyspace.matches("[a-zA-Z][a-zA-Z0-9_]{0,47}")) throw new IllegalArgumentException("bad keyspace name '" + keyspace + "'");
        if (historyTtl.isNegative() || historyTtl.isZero()) throw new IllegalArgumentException("history TTL must be positive");
    }

    /** The embedded single node of the local cluster and the tests. */
    public static StoreSettings local(int port, String keyspace) {
        return new StoreSettings(List.of(new InetSocketAddress("127.0.0.1", port)), "datacenter1", keyspace,
                "{'class': 'SimpleStrategy', 'replication_factor': 1}", "LOCAL_QUORUM", "LOCAL_SERIAL", null, null, null, null,
                Duration.ofSeconds(2), Duration.ofDays(7));
    }

    public StoreSettings withHistoryTtl(Duration ttl) {
        return new StoreSettings(contactPoints, localDatacenter, keyspace, replication, consistency, serialConsistency, username, password,
                truststore, truststorePassword, requestTimeout, ttl);
    }
}
