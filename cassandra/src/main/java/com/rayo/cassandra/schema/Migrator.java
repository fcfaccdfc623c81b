package com.rayo.cassandra.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;

/**
 * Applies the versioned CQL migrations (resources migrations/V###__name.cql) in order,
 * once each. Safe when several gateways start together: a lightweight-transaction lock
 * with a TTL lets one apply them while the others wait, and every statement is idempotent.
 */
public final class Migrator {
    /** Schema changes wait for agreement: seconds on a loaded node, beyond a routine request timeout. */
    private static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(Migrator.class);
    /** Every migration, in order; the list is the contract (no classpath scanning). */
    public static final List<String> MIGRATIONS = List.of("V001__cluster_state.cql", "V002__active_calls_by_node.cql", "V003__gateways.cql",
            "V004__cluster_settings.cql", "V005__leases.cql", "V006__cluster_requests.cql", "V007__ended_calls.cql", "V008__mixer_owners.cql",
            "V009__gateway_domains.cql");
    private static final int LOCK_TTL_SECONDS = 120;

    private final CqlSession session;
    private final String keyspace;
    private final String owner = UUID.randomUUID().toString();

    public Migrator(CqlSession session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
    }

    /** Creates the keyspace if needed and applies what is missing; returns the versions applied now. */
    public List<Integer> migrate(String replication, Duration lockWait) throws InterruptedException {
        session.execute(SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication).setTimeout(SCHEMA_TIMEOUT));
        session.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS " + keyspace
                + ".schema_migrations (version int PRIMARY KEY, name text, checksum text, applied_at timestamp, applied_by text)").setTimeout(SCHEMA_TIMEOUT));
        session.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_lock (id text PRIMARY KEY, owner text)").setTimeout(SCHEMA_TIMEOUT));
        // Every start after the first finds nothing to do and takes no lock: a lock left by a start that
        // died or timed out (it lives LOCK_TTL_SECONDS) delays no gateway then.
        if (pending().isEmpty()) return List.of();
        acquireLock(lockWait);
        try {
            List<Integer> applied = new ArrayList<>();
            for (String name : pending()) { // again under the lock: another gateway may have applied them meanwhile
                int version = version(name);
                String cql = read(name);
                for (String stmt : statements(cql)) session.execute(SimpleStatement.newInstance(stmt).setKeyspace(keyspace).setTimeout(SCHEMA_TIMEOUT));
                session.execute(SimpleStatement.newInstance("INSERT INTO " + keyspace + ".schema_migrations (version, name, checksum, applied_at, applied_by) VALUES (?, ?, ?, ?, ?)",
                        version, name, sha256(cql), Instant.now(), owner).setConsistencyLevel(ConsistencyLevel.QUORUM));
                log.info("event=migration-applied keyspace={} version={} name={}", keyspace, version, name);
                applied.add(version);
            }
            return applied;
        } finally {
            try {
                session.execute(SimpleStatement.newInstance("DELETE FROM " + keyspace + ".schema_lock WHERE id = 'migrations' IF owner = ?", owner));
            } catch (DriverException e) {
                // Applied migrations stand: the lock only holds back other gateways' migrations until its TTL.
                log.warn("event=schema-lock-not-released keyspace={} reason=\"{}\" expires-in-s={}", keyspace, e.getMessage(), LOCK_TTL_SECONDS);
            }
        }
    }

    /** The migrations not applied yet, in order; one whose text changed after it was applied is refused. */
    private List<String> pending() {
        List<String> out = new ArrayList<>();
        for (String name : MIGRATIONS) {
            Row done = session.execute(SimpleStatement.newInstance("SELECT checksum FROM " + keyspace + ".schema_migrations WHERE version = ?", version(name))
                    .setConsistencyLevel(ConsistencyLevel.QUORUM)).one();
            if (done == null) out.add(name);
            else if (!sha256(read(name)).equals(done.getString("checksum"))) {
                throw new IllegalStateException("migration " + name + " changed after it was applied (checksum differs): add a new migration instead");
            }
        }
        return out;
    }

    private static int version(String name) { return Integer.parseInt(name.substring(1, name.indexOf("__"))); }

    private void acquireLock(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Row r;
            try {
                r = session.execute(SimpleStatement.newInstance("INSERT INTO " + keyspace + ".schema_lock (id, owner) VALUES ('migrations', ?) IF NOT EXISTS USING TTL " + LOCK_TTL_SECONDS, owner)).one();
            } catch (DriverTimeoutException | WriteTimeoutException ambiguous) {
                // The insert may have been applied all the same: the next attempt tells (the owner is ours then).
                r = null;
            }
            if (r != null && (r.getBoolean("[applied]") || owner.equals(r.getString("owner")))) return;
            if (System.nanoTime() > deadline) throw new IllegalStateException("schema migration lock held by " + (r == null ? "?" : r.getString("owner")) + " for over " + wait.toSeconds() + " s");
            Thread.sleep(200);
        }
    }

    /** Splits a migration on lines holding only ';' and drops comment lines. */
    static List<String> statements(String cql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : cql.split("\n")) {
            String t = line.trim();
            if (t.startsWith("--")) continue;
            if (t.equals(";")) {
                if (!cur.toString().isBlank()) out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(line).append('\n');
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().trim());
        return out;
    }

    private static String read(String name) {
        try (InputStream in = Migrator.class.getResourceAsStream("/com/rayo/cassandra/migrations/" + name)) {
            if (in == null) throw new IllegalStateException("missing migration resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
