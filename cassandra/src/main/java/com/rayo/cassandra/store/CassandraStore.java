package com.rayo.cassandra.store;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.rayo.cassandra.schema.Migrator;
import com.rayo.cassandra.store.Rows.AddressRow;
import com.rayo.cassandra.store.Rows.ApplicationRow;
import com.rayo.cassandra.store.Rows.BanRow;
import com.rayo.cassandra.store.Rows.BlacklistRow;
import com.rayo.cassandra.store.Rows.GatewayRow;
import com.rayo.cassandra.store.Rows.CallRow;
import com.rayo.cassandra.store.Rows.MixerRow;
import com.rayo.cassandra.store.Rows.NodeRow;
import com.rayo.cassandra.store.Rows.ResourceRow;

/**
 * {@link ClusterStore} on Cassandra: prepared statements, one unlogged batch per logical
 * change (a call and its by-node / by-application / active views). Not logged: every
 * change is idempotent and the write-behind retries it whole until it succeeds, so the
 * batchlog's extra writes would buy nothing.
 */
public final class CassandraStore implements ClusterStore {
    private final CqlSession session;
    private final String ks;
    private final StoreSettings settings;
    private final ConsistencyLevel consistency;
    private final ConsistencyLevel serialConsistency;
    private final PreparedStatement putNode, delNode, putNodeByPlatform, delNodeByPlatform, getNode, nodesByPlatform;
    private final PreparedStatement putApp, delApp, putAppByPlatform, delAppByPlatform, getApp;
    private final PreparedStatement putAddress, delAddress, putAddressByApp, delAddressByApp, getAddress, addressesByApp;
    private final PreparedStatement putResource, delResource, resourcesByApp;
    private final PreparedStatement putCall, putCallTtl, putCallByNode, delCallByNode, putCallByApp, delCallByApp, getCall, callsByNode, callsByApp, putEnded, endedInHour;
    private final PreparedStatement putMixer, delMixer, delParticipants, putParticipant, delParticipant, participants;
    private final PreparedStatement putBan, delBan, putBlacklist, delBlacklist, blacklistByPlatform;
    private final PreparedStatement putGateway, putGatewayStatus, putSetting;
    /** The listings ops and the periodic refresh read: prepared, so neither side parses them or their metadata again. */
    private final PreparedStatement listNodes, listApps, listMixers, listBans, listSettings, listGateways, listDisabled;
    private final PreparedStatement putRequest, requestsByMinute, putReply, repliesOf;
    private final PreparedStatement leaseRead, leaseTake, leaseStamp, leaseRenew, leaseRelease;

    private CassandraStore(CqlSession session, StoreSettings settings) {
        this.session = session;
        this.settings = settings;
        this.ks = settings.keyspace();
        this.consistency = DefaultConsistencyLevel.valueOf(settings.consistency());
        this.serialConsistency = DefaultConsistencyLevel.valueOf(settings.serialConsistency());
        putNode = prep("INSERT INTO nodes (domain, platform, weight, priority, status, active_calls, capacity, gateway, updated) VALUES (?,?,?,?,?,?,?,?,?)");
        delNode = prep("DELETE FROM nodes WHERE domain = ?");
        putNodeByPlatform = prep("INSERT INTO nodes_by_platform (platform, domain) VALUES (?,?)");
        delNodeByPlatform = prep("DELETE FROM nodes_by_platform WHERE platform = ? AND domain = ?");
        getNode = prep("SELECT * FROM nodes WHERE domain = ?");
        nodesByPlatform = prep("SELECT domain FROM nodes_by_platform WHERE platform = ?");
        putApp = prep("INSERT INTO applications (jid, name, platform, created) VALUES (?,?,?,?)");
        delApp = prep("DELETE FROM applications WHERE jid = ?");
        putAppByPlatform = prep("INSERT INTO applications_by_platform (platform, jid) VALUES (?,?)");
        delAppByPlatform = prep("DELETE FROM applications_by_platform WHERE platform = ? AND jid = ?");
        getApp = prep("SELECT * FROM applications WHERE jid = ?");
        putAddress = prep("INSERT INTO addresses (address, app_jid) VALUES (?,?)");
        delAddress = prep("DELETE FROM addresses WHERE address = ?");
        putAddressByApp = prep("INSERT INTO addresses_by_app (app_jid, address) VALUES (?,?)");
        delAddressByApp = prep("DELETE FROM addresses_by_app WHERE app_jid = ? AND address = ?");
        getAddress = prep("SELECT * FROM addresses WHERE address = ?");
        addressesByApp = prep("SELECT address FROM addresses_by_app WHERE app_jid = ?");
        putResource = prep("INSERT INTO resources (app_jid, resource, offers, gateway, updated) VALUES (?,?,?,?,?)");
        delResource = prep("DELETE FROM resources WHERE app_jid = ? AND resource = ?");
        resourcesByApp = prep("SELECT * FROM resources WHERE app_jid = ?");
        String callCols = "(call_id, node, app_jid, owner, direction, state, gateway, created, ended, end_reason) VALUES (?,?,?,?,?,?,?,?,?,?)";
        putCall = prep("INSERT INTO calls " + callCols);
        putCallTtl = prep("INSERT INTO calls " + callCols + " USING TTL ?");
        putEnded = prep("INSERT INTO ended_calls (hour, ended, call_id, node, app_jid, owner, direction, state, gateway, created, end_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?) USING TTL ?");
        endedInHour = prep("SELECT * FROM ended_calls WHERE hour = ? AND ended >= ? AND ended < ? LIMIT ?");
        putCallByNode = prep("INSERT INTO calls_by_node (node, call_id) VALUES (?,?)");
        delCallByNode = prep("DELETE FROM calls_by_node WHERE node = ? AND call_id = ?");
        putCallByApp = prep("INSERT INTO calls_by_app (app_jid, call_id) VALUES (?,?)");
        delCallByApp = prep("DELETE FROM calls_by_app WHERE app_jid = ? AND call_id = ?");
        getCall = prep("SELECT * FROM calls WHERE call_id = ?");
        callsByNode = prep("SELECT call_id FROM calls_by_node WHERE node = ?");
        callsByApp = prep("SELECT call_id FROM calls_by_app WHERE app_jid = ?");
        putMixer = prep("INSERT INTO mixers (name, mixer_name, application, node, created) VALUES (?,?,?,?,?)");
        delMixer = prep("DELETE FROM mixers WHERE name = ?");
        delParticipants = prep("DELETE FROM mixer_participants WHERE name = ?");
        putParticipant = prep("INSERT INTO mixer_participants (name, call_id, direction, speaking) VALUES (?,?,?,?)");
        delParticipant = prep("DELETE FROM mixer_participants WHERE name = ? AND call_id = ?");
        participants = prep("SELECT call_id, direction, speaking FROM mixer_participants WHERE name = ?");
        putBan = prep("INSERT INTO bans (jid, reason, created) VALUES (?,?,?)");
        putGateway = prep("INSERT INTO gateways (id, heartbeat, started, calls, messages, errors, domains) VALUES (?,?,?,?,?,?,?) USING TTL ?");
        putGatewayStatus = prep("INSERT INTO gateway_status (id, disabled) VALUES (?,?)");
        listNodes = prep("SELECT * FROM nodes");
        listApps = prep("SELECT * FROM applications");
        listMixers = prep("SELECT * FROM mixers");
        listBans = prep("SELECT * FROM bans");
        listSettings = prep("SELECT * FROM cluster_settings");
        listGateways = prep("SELECT * FROM gateways");
        listDisabled = prep("SELECT * FROM gateway_status");
        putRequest = prep("INSERT INTO cluster_requests (minute, created, id, sender, kind, body) VALUES (?,?,?,?,?,?)");
        requestsByMinute = prep("SELECT * FROM cluster_requests WHERE minute = ? AND created >= ?");
        putReply = prep("INSERT INTO cluster_replies (request_id, gateway, ok, body, at) VALUES (?,?,?,?,?)");
        repliesOf = prep("SELECT * FROM cluster_replies WHERE request_id = ?");
        leaseRead = prep("SELECT holder, epoch, last_holder FROM leases WHERE name = ?");
        leaseTake = prep("UPDATE leases USING TTL ? SET holder = ? WHERE name = ? IF holder = null AND epoch = ?");
        leaseStamp = prep("UPDATE leases SET epoch = ?, last_holder = ? WHERE name = ?");
        leaseRenew = prep("UPDATE leases USING TTL ? SET holder = ? WHERE name = ? IF holder = ? AND epoch = ?");
        leaseRelease = prep("UPDATE leases SET holder = null, last_holder = null WHERE name = ? IF holder = ? AND epoch = ?");
        putSetting = prep("INSERT INTO cluster_settings (name, value) VALUES (?,?)");
        delBan = prep("DELETE FROM bans WHERE jid = ?");
        putBlacklist = prep("INSERT INTO blacklist (platform, domain, reason, until) VALUES (?,?,?,?)");
        delBlacklist = prep("DELETE FROM blacklist WHERE platform = ? AND domain = ?");
        blacklistByPlatform = prep("SELECT * FROM blacklist WHERE platform = ?");
    }

    /** Connects, applies pending migrations, prepares statements. */
    public static CassandraStore open(StoreSettings s) throws InterruptedException {
        CqlSession session = session(s);
        try {
            new Migrator(session, s.keyspace()).migrate(s.replication(), Duration.ofSeconds(60));
            return new CassandraStore(session, s);
        } catch (RuntimeException | InterruptedException e) {
            session.close();
            throw e;
        }
    }

    /** A driver session as the settings say (also used by bin/rayo cql). */
    public static CqlSession session(StoreSettings s) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, s.requestTimeout())
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, s.consistency())
                .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, s.serialConsistency())
                // DDL would otherwise cost ~1.2 s each (schema debouncer window)
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(10))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(200))
                .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
                // Only what the gateway reads: a latency histogram per request costs CPU on the routing core.
                .withStringList(DefaultDriverOption.METRICS_SESSION_ENABLED, List.of("bytes-sent"))
                // Schema metadata of our keyspace only: on a shared cluster, every other keyspace's tables would
                // be fetched and parsed at connect and after each schema change, on the routing core.
                .withStringList(DefaultDriverOption.METADATA_SCHEMA_REFRESHED_KEYSPACES, List.of(s.keyspace()))
                // Netty waits 2 s for stray tasks at close by default: every bin/rayo cql and gateway stop paid it.
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
        CqlSessionBuilder b = CqlSession.builder().withConfigLoader(config).addContactPoints(s.contactPoints()).withLocalDatacenter(s.localDatacenter());
        if (s.username() != null) b.withAuthCredentials(s.username(), s.password());
        if (s.truststore() != null) b.withSslContext(trusting(s.truststore(), s.truststorePassword()));
        return b.build();
    }

    /** A TLS context trusting the certificates of a JKS/PKCS12 trust store (a node's own keystore will do). */
    public static SSLContext trusting(java.nio.file.Path truststore, String password) {
        try (InputStream in = Files.newInputStream(truststore)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot load Cassandra trust store " + truststore + ": " + e.getMessage(), e);
        }
    }

    public CqlSession session() { return session; }
    public String keyspace() { return ks; }

    /**
     * Drops a keyspace (tests, clean-up). A schema change waits for the node's agreement and
     * takes seconds on a loaded machine: far beyond the request timeout of routine writes.
     */
    public static void dropKeyspace(CqlSession session, String keyspace) {
        session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
                .setTimeout(Duration.ofSeconds(60)));
    }

    /** Bytes this store has sent to Cassandra (driver metric), for the store benchmark. */
    public long bytesSent() {
        return session.getMetrics().flatMap(m -> m.getSessionMetric(com.datastax.oss.driver.api.core.metrics.DefaultSessionMetric.BYTES_SENT))
                .map(m -> ((com.codahale.metrics.Meter) m).getCount()).orElse(0L);
    }

    private PreparedStatement prep(String cql) {
        return session.prepare(cql.replaceFirst("(INTO|FROM|UPDATE) (\\w+)", "$1 " + ks + ".$2"));
    }

    /** Writes collected by {@link #writeTogether} on this thread, or null when writing one by one. */
    private final ThreadLocal<List<Statement<?>>> collecting = new ThreadLocal<>();

    /**
     * Sends the collected writes concurrently on the pooled connection and waits for all:
     * one round trip for the group, without a multi-partition batch (which would make one
     * coordinator do every partition's work and log a warning for each request).
     */
    @Override public void writeTogether(Runnable writes) {
        List<Statement<?>> collected = new ArrayList<>();
        collecting.set(collected);
        try {
            writes.run();
        } finally {
            collecting.remove();
        }
        List<java.util.concurrent.CompletableFuture<?>> sent = new ArrayList<>(collected.size());
        for (Statement<?> st : collected) sent.add(session.executeAsync(st.setConsistencyLevel(consistency)).toCompletableFuture());
        try {
            java.util.concurrent.CompletableFuture.allOf(sent.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private void exec(Statement<?> st) {
        List<Statement<?>> c = collecting.get();
        if (c != null) c.add(st);
        else session.execute(st.setConsistencyLevel(consistency));
    }

    /** The rows of one logical write (a row and its lookup rows) go as one unlogged batch. */
    private void batch(com.datastax.oss.driver.api.core.cql.BatchableStatement<?>... parts) {
        exec(BatchStatement.newInstance(DefaultBatchType.UNLOGGED).addAll(parts));
    }

    private <T> List<T> all(Statement<?> st, Function<Row, T> map) {
        List<T> out = new ArrayList<>();
        for (Row r : session.execute(st.setConsistencyLevel(consistency))) out.add(map.apply(r));
        return out;
    }

    private <T> Optional<T> one(Statement<?> st, Function<Row, T> map) {
        Row r = session.execute(st.setConsistencyLevel(consistency)).one();
        return r == null ? Optional.empty() : Optional.of(map.apply(r));
    }

    // nodes
    @Override public void putNode(NodeRow n) {
        batch(putNode.bind(n.domain(), n.platform(), n.weight(), n.priority(), n.status(), n.activeCalls(), n.capacity(), n.gateway(), n.updated()),
                putNodeByPlatform.bind(n.platform(), n.domain()));
    }
    @Override public void removeNode(String domain, String platform) { batch(delNode.bind(domain), delNodeByPlatform.bind(platform, domain)); }
    @Override public Optional<NodeRow> node(String domain) { return one(getNode.bind(domain), CassandraStore::nodeRow); }
    @Override public List<NodeRow> nodesOnPlatform(String platform) {
        List<NodeRow> out = new ArrayList<>();
        for (String d : all(nodesByPlatform.bind(platform), r -> r.getString("domain"))) node(d).ifPresent(out::add);
        return out;
    }
    @Override public List<NodeRow> nodes() { return all(listNodes.bind(), CassandraStore::nodeRow); }
    private static NodeRow nodeRow(Row r) {
        return new NodeRow(r.getString("domain"), r.getString("platform"), r.getInt("weight"), r.getInt("priority"), r.getString("status"),
                r.getInt("active_calls"), r.getInt("capacity"), r.getString("gateway"), r.getInstant("updated"));
    }

    // applications and addresses
    @Override public void putApplication(ApplicationRow a) {
        batch(putApp.bind(a.jid(), a.name(), a.platform(), Instant.now()), putAppByPlatform.bind(a.platform(), a.jid()));
    }
    @Override public void removeApplication(String jid) {
        Optional<ApplicationRow> a = application(jid);
        if (a.isEmpty()) return;
        for (String address : addressesOf(jid)) removeAddress(address);
        batch(delApp.bind(jid), delAppByPlatform.bind(a.get().platform(), jid));
    }
    @Override public Optional<ApplicationRow> application(String jid) { return one(getApp.bind(jid), CassandraStore::appRow); }
    @Override public List<ApplicationRow> applications() { return all(listApps.bind(), CassandraStore::appRow); }
    private static ApplicationRow appRow(Row r) { return new ApplicationRow(r.getString("jid"), r.getString("name"), r.getString("platform")); }

    @Override public void putAddress(AddressRow a) {
        Optional<AddressRow> old = address(a.address());
        if (old.isPresent() && !old.get().appJid().equals(a.appJid())) exec(delAddressByApp.bind(old.get().appJid(), a.address()));
        batch(putAddress.bind(a.address(), a.appJid()), putAddressByApp.bind(a.appJid(), a.address()));
    }
    @Override public void removeAddress(String address) {
        Optional<AddressRow> old = address(address);
        if (old.isEmpty()) return;
        batch(delAddress.bind(address), delAddressByApp.bind(old.get().appJid(), address));
    }
    @Override public Optional<AddressRow> address(String address) { return one(getAddress.bind(address), r -> new AddressRow(r.getString("address"), r.getString("app_jid"))); }
    @Override public List<String> addressesOf(String appJid) { return all(addressesByApp.bind(appJid), r -> r.getString("address")); }

    // resources
    @Override public void putResource(ResourceRow r) { exec(putResource.bind(r.appJid(), r.resource(), r.offers(), r.gateway(), r.updated())); }
    @Override public void removeResource(String appJid, String resource) { exec(delResource.bind(appJid, resource)); }
    @Override public List<ResourceRow> resourcesOf(String appJid) {
        return all(resourcesByApp.bind(appJid), r -> new ResourceRow(r.getString("app_jid"), r.getString("resource"), r.getBoolean("offers"), r.getString("gateway"), r.getInstant("updated")));
    }

    // calls
    @Override public void putCall(CallRow c) {
        batch(putCall.bind(c.callId(), c.node(), c.appJid(), c.owner(), c.direction(), c.state(), c.gateway(), c.created(), c.ended(), c.endReason()),
                putCallByNode.bind(c.node(), c.callId()), putCallByApp.bind(c.appJid(), c.callId()));
    }
    @Override public void endCall(CallRow c) {
        int ttl = (int) Math.min(Integer.MAX_VALUE, settings.historyTtl().toSeconds());
        batch(putCallTtl.bind(c.callId(), c.node(), c.appJid(), c.owner(), c.direction(), c.state(), c.gateway(), c.created(), c.ended(), c.endReason(), ttl),
                endedIndex(c, ttl), delCallByNode.bind(c.node(), c.callId()), delCallByApp.bind(c.appJid(), c.callId()));
    }
    @Override public void recordEndedCall(CallRow c) {
        int ttl = (int) Math.min(Integer.MAX_VALUE, settings.historyTtl().toSeconds());
        batch(putCallTtl.bind(c.callId(), c.node(), c.appJid(), c.owner(), c.direction(), c.state(), c.gateway(), c.created(), c.ended(), c.endReason(), ttl),
                endedIndex(c, ttl));
    }
    private BoundStatement endedIndex(CallRow c, int ttl) {
        Instant ended = c.ended() == null ? Instant.now() : c.ended();
        return putEnded.bind(ended.truncatedTo(ChronoUnit.HOURS), ended, c.callId(), c.node(), c.appJid(), c.owner(), c.direction(), c.state(), c.gateway(),
                c.created(), c.endReason(), ttl);
    }
    /** Hour partitions from the newest down, until {@code max} rows. */
    @Override public List<CallRow> endedCalls(Instant from, Instant to, int max) {
        List<CallRow> out = new ArrayList<>();
        for (Instant hour = to.minusNanos(1).truncatedTo(ChronoUnit.HOURS); !hour.isBefore(from.truncatedTo(ChronoUnit.HOURS)) && out.size() < max; hour = hour.minus(1, ChronoUnit.HOURS)) {
            out.addAll(all(endedInHour.bind(hour, from, to, max - out.size()), CassandraStore::callRow));
        }
        return out;
    }
    @Override public Optional<CallRow> call(String callId) { return one(getCall.bind(callId), CassandraStore::callRow); }
    @Override public List<CallRow> callsOnNode(String node) { return calls(all(callsByNode.bind(node), r -> r.getString("call_id"))); }
    @Override public List<CallRow> callsOfApplication(String appJid) { return calls(all(callsByApp.bind(appJid), r -> r.getString("call_id"))); }
    /** Every node's partition of calls_by_node: nodes come from the nodes table, plus any the caller names. */
    @Override public List<CallRow> activeCalls() {
        java.util.Set<String> domains = new java.util.LinkedHashSet<>();
        for (NodeRow n : nodes()) domains.add(n.domain());
        List<CallRow> out = new ArrayList<>();
        for (String d : domains) out.addAll(callsOnNode(d));
        return out;
    }
    private List<CallRow> calls(List<String> ids) {
        List<CallRow> out = new ArrayList<>();
        for (String id : ids) call(id).ifPresent(out::add);
        return out;
    }
    private static CallRow callRow(Row r) {
        return new CallRow(r.getString("call_id"), r.getString("node"), r.getString("app_jid"), r.getString("owner"), r.getString("direction"),
                r.getString("state"), r.getString("gateway"), r.getInstant("created"), r.getInstant("ended"), r.getString("end_reason"));
    }

    // mixers
    @Override public void putMixer(MixerRow m) { exec(putMixer.bind(m.name(), m.mixerName(), m.application(), m.node(), m.created())); }
    @Override public void removeMixer(String name) {
        exec(delMixer.bind(name));
        exec(delParticipants.bind(name));
    }
    @Override public void putMixerParticipant(String name, Rows.ParticipantRow p) { exec(putParticipant.bind(name, p.callId(), p.direction(), p.speaking())); }
    @Override public void removeMixerParticipant(String name, String callId) { exec(delParticipant.bind(name, callId)); }
    @Override public List<MixerRow> mixers() {
        return all(listMixers.bind(), r -> new MixerRow(r.getString("name"), r.getString("mixer_name"), r.getString("application"), r.getString("node"), r.getInstant("created")));
    }
    @Override public List<Rows.ParticipantRow> mixerParticipants(String name) {
        return all(participants.bind(name), r -> new Rows.ParticipantRow(r.getString("call_id"), r.getString("direction"), r.getBoolean("speaking")));
    }

    // bans and blacklist
    @Override public void putBan(BanRow b) { exec(putBan.bind(b.jid(), b.reason(), b.created())); }
    @Override public void removeBan(String jid) { exec(delBan.bind(jid)); }
    @Override public List<BanRow> bans() {
        return all(listBans.bind(), r -> new BanRow(r.getString("jid"), r.getString("reason"), r.getInstant("created")));
    }
    @Override public void putBlacklist(BlacklistRow b) { exec(putBlacklist.bind(b.platform(), b.domain(), b.reason(), b.until())); }
    @Override public void removeBlacklist(String platform, String domain) { exec(delBlacklist.bind(platform, domain)); }
    @Override public List<BlacklistRow> blacklist(String platform) {
        return all(blacklistByPlatform.bind(platform), r -> new BlacklistRow(r.getString("platform"), r.getString("domain"), r.getString("reason"), r.getInstant("until")));
    }

    // cluster-wide settings
    @Override public void putSetting(String name, String value) { exec(putSetting.bind(name, value)); }
    @Override public java.util.Map<String, String> settings() {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (String[] nv : all(listSettings.bind(), r -> new String[] {r.getString("name"), r.getString("value")})) out.put(nv[0], nv[1]);
        return out;
    }

    // gateways (membership)
    @Override public void putGateway(GatewayRow g, Duration ttl) {
        exec(putGateway.bind(g.id(), g.heartbeat(), g.started(), g.calls(), g.messages(), g.errors(), g.domains(), (int) Math.max(1, ttl.toSeconds())));
    }
    @Override public List<GatewayRow> gateways() {
        return all(listGateways.bind(), r -> new GatewayRow(r.getString("id"),
                r.getInstant("heartbeat"), r.getInstant("started"), r.getInt("calls"), r.getLong("messages"), r.getLong("errors"), r.getString("domains")));
    }
    @Override public void setGatewayDisabled(String id, boolean disabled) { exec(putGatewayStatus.bind(id, disabled)); }
    @Override public java.util.Set<String> disabledGateways() {
        return new java.util.HashSet<>(all(listDisabled.bind(), r -> r.getBoolean("disabled") ? r.getString("id") : null).stream()
                .filter(java.util.Objects::nonNull).toList());
    }

    // broadcast requests: partitioned by minute of creation, read one minute partition at a time
    private static final Duration REQUESTS_KEPT = Duration.ofMinutes(10);
    @Override public void postRequest(Rows.RequestRow r) {
        exec(putRequest.bind(r.created().getEpochSecond() / 60, r.created(), r.id(), r.sender(), r.kind(), r.body()));
    }
    @Override public List<Rows.RequestRow> requestsSince(java.time.Instant since) {
        java.time.Instant now = java.time.Instant.now();
        java.time.Instant from = since.isBefore(now.minus(REQUESTS_KEPT)) ? now.minus(REQUESTS_KEPT) : since;
        List<Rows.RequestRow> out = new ArrayList<>();
        for (long m = from.getEpochSecond() / 60; m <= now.plusSeconds(5).getEpochSecond() / 60; m++) { // a sender's clock may be a little ahead
            out.addAll(all(requestsByMinute.bind(m, from), r -> new Rows.RequestRow(r.getString("id"), r.getString("sender"), r.getInstant("created"),
                    r.getString("kind"), r.getString("body"))));
        }
        return out;
    }
    @Override public void putReply(Rows.ReplyRow r) { exec(putReply.bind(r.requestId(), r.gateway(), r.ok(), r.body(), r.at())); }
    @Override public List<Rows.ReplyRow> replies(String requestId) {
        return all(repliesOf.bind(requestId), r -> new Rows.ReplyRow(r.getString("request_id"), r.getString("gateway"), r.getBoolean("ok"),
                r.getString("body"), r.getInstant("at")));
    }

    // leases: lightweight transactions (Paxos) on one partition, serial reads
    @Override public Rows.LeaseRow lease(String name) {
        Row r = session.execute(leaseRead.bind(name).setConsistencyLevel(serialConsistency)).one();
        if (r == null) return new Rows.LeaseRow(name, null, 0, null);
        return new Rows.LeaseRow(name, r.getString("holder"), r.isNull("epoch") ? 0 : r.getLong("epoch"), r.getString("last_holder"));
    }
    @Override public boolean acquireLease(String name, String holder, long seenEpoch, Duration ttl) {
        // One conditional batch: the holder expires with the TTL, the epoch and last holder stay.
        BatchStatement take = BatchStatement.newInstance(DefaultBatchType.LOGGED,
                leaseTake.bind(ttlSeconds(ttl), holder, name, seenEpoch == 0 ? null : seenEpoch),
                leaseStamp.bind(seenEpoch + 1, holder, name));
        return session.execute(take.setConsistencyLevel(consistency).setSerialConsistencyLevel(serialConsistency)).wasApplied();
    }
    @Override public boolean renewLease(String name, String holder, long epoch, Duration ttl) {
        return session.execute(leaseRenew.bind(ttlSeconds(ttl), holder, name, holder, epoch)
                .setConsistencyLevel(consistency).setSerialConsistencyLevel(serialConsistency)).wasApplied();
    }
    @Override public void releaseLease(String name, String holder, long epoch) {
        session.execute(leaseRelease.bind(name, holder, epoch).setConsistencyLevel(consistency).setSerialConsistencyLevel(serialConsistency));
    }
    private static int ttlSeconds(Duration ttl) { return (int) Math.max(1, ttl.toSeconds()); }

    @Override public void close() { session.close(); }
}
