package com.rayo.cassandra;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.MemoryStore;

class MemoryStoreTest extends ClusterStoreContract {
    private final MemoryStore store = new MemoryStore();
    @Override ClusterStore store() { return store; }
}
