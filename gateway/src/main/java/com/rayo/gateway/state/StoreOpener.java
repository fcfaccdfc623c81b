package com.rayo.gateway.state;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.cassandra.store.CassandraStore;
import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.MemoryStore;
import com.rayo.gateway.config.GatewayConfig;

/** Opens the configured store, waiting for Cassandra at start up to the startup timeout. */
public final class StoreOpener {
    private static final Logger log = LoggerFactory.getLogger(StoreOpener.class);

    private StoreOpener() {}

    public static ClusterStore open(GatewayConfig config) throws InterruptedException {
        if (config.storeType().equals("memory")) {
            log.warn("event=store-memory note=\"state is not persisted or shared (store.type = memory)\"");
            return new MemoryStore();
        }
        Duration wait = config.storeStartupTimeout();
        long deadline = System.nanoTime() + wait.toNanos();
        RuntimeException last = null;
        boolean said = false;
        while (System.nanoTime() < deadline) {
            try {
                return CassandraStore.open(config.storeSettings());
            } catch (com.datastax.oss.driver.api.core.servererrors.InvalidQueryException e) {
                // Cassandra answered: the schema does not fit this code. Waiting will not change that.
                throw new IllegalStateException("Cassandra at " + config.storeSettings().contactPoints() + " refused the store's statements: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                last = e;
                if (!said) log.warn("event=store-waiting contact-points={} reason=\"{}\"", config.storeSettings().contactPoints(), e.getMessage());
                said = true;
                Thread.sleep(1000);
            }
        }
        throw new IllegalStateException("Cassandra at " + config.storeSettings().contactPoints() + " not reachable within " + wait.toSeconds()
                + " s (" + (last == null ? "" : last.getMessage()) + ")", last);
    }
}
