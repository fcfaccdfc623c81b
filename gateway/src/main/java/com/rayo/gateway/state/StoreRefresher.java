package com.rayo.gateway.state;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.Rows;
import com.rayo.gateway.admin.ClusterAdmin;
import com.rayo.gateway.admission.Bans;
import com.rayo.gateway.health.NodeState;
import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.ApplicationRegistry;
import com.rayo.gateway.registry.NodeRegistry;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.Jid;

/**
 * Picks up what other gateways changed in the store, every refresh interval:
 * applications and addresses (added, changed and removed), bans, admin blacklists and
 * cluster-wide settings (maxDialRetries).
 * Only what this refresher saw in the store before and is gone now is removed, so an
 * application this gateway registered a moment ago (not yet written) is never lost.
 */
public final class StoreRefresher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StoreRefresher.class);

    private final ClusterStore store;
    private final ApplicationRegistry applications;
    private final NodeRegistry nodes;
    private final Bans bans;
    private final ClusterAdmin admin;
    private Set<Jid> seenApplications = Set.of();
    private Map<String, Jid> seenAddresses = Map.of();
    /** The registry's local change count when the last read began: what was registered later may not be written yet. */
    private long seenAtChange;

    public StoreRefresher(ClusterStore store, ApplicationRegistry applications, NodeRegistry nodes, Bans bans, ClusterAdmin admin) {
        this.store = store;
        this.applications = applications;
        this.nodes = nodes;
        this.bans = bans;
        this.admin = admin;
    }

    @Override public void run() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.debug("event=store-refresh-failed reason=\"{}\"", e.getMessage());
        }
    }

    /** One refresh; throws when the store cannot be read (nothing is changed then). */
    public synchronized void refresh() {
        long changeCount = applications.changeCount();
        Set<Jid> apps = new HashSet<>();
        Map<String, Jid> addresses = new HashMap<>();
        StateLoader.loadApplications(store, applications).forEach((app, stored) -> {
            apps.add(app.jid());
            for (String a : stored) addresses.put(a, app.jid());
        });
        // Gone from the store since the last read, and not registered here again since: removed by another gateway.
        // (Registered here again after that read: its write may still be queued, and it must not be lost.)
        for (Jid gone : seenApplications) if (!apps.contains(gone) && !applications.changedSince(gone, seenAtChange)) applications.forgetStored(gone);
        for (Map.Entry<String, Jid> gone : seenAddresses.entrySet()) {
            if (!addresses.containsKey(gone.getKey()) && gone.getValue().equals(ownerJid(gone.getKey())) && !applications.changedSince(gone.getKey(), seenAtChange)) {
                applications.forgetStoredAddress(gone.getKey());
            }
        }
        seenApplications = apps;
        seenAddresses = addresses;
        seenAtChange = changeCount;
        long settingsAt = admin.localChanges();
        Set<String> storedBans = store.bans().stream().map(Rows.BanRow::jid).collect(Collectors.toSet());
        admin.storeQuiesce();
        Map<String, String> settings = store.settings();
        // An administrator's change made here during this read may be newer than what was read: applying
        // the read would undo it until the next refresh. That one reads it back from the store.
        if (admin.localChanges() == settingsAt) {
            bans.replaceAll(storedBans);
            String retries = settings.get(ClusterAdmin.MAX_DIAL_RETRIES);
            if (retries != null && retries.matches("\\d{1,3}")) admin.applyMaxDialRetries(Integer.parseInt(retries));
            String quiesce = settings.get(ClusterAdmin.QUIESCE);
            if (quiesce != null) admin.applyQuiesce(Boolean.parseBoolean(quiesce));
        }
        Set<String> disabled = new HashSet<>();
        for (String platform : nodes.all().stream().map(RayoNode::platform).distinct().toList()) {
            for (Rows.BlacklistRow row : store.blacklist(platform)) if (row.until() == null) disabled.add(row.domain());
        }
        for (RayoNode n : nodes.all()) {
            boolean isDisabled = n.health().state() == NodeState.DISABLED;
            if (disabled.contains(n.domain()) != isDisabled) admin.setDisabled(n, !isDisabled);
        }
    }

    private Jid ownerJid(String address) {
        Application a = applications.ownerOf(address);
        return a == null ? null : a.jid();
    }
}
