package com.rayo.gateway.admin;

import java.util.function.BiConsumer;

import com.rayo.gateway.admin.Views.ApplicationView;
import com.rayo.gateway.admin.Views.BroadcastReplyView;
import com.rayo.gateway.admin.Views.MixerView;
import com.rayo.gateway.admin.Views.PeerView;
import com.rayo.gateway.admin.Views.ResourceView;

/** The Admin MBean: operations go to {@link ClusterAdmin}, reads to {@link ClusterViews}. */
public final class AdminBean implements AdminMXBean {
    private final ClusterAdmin admin;
    private final ClusterViews views;
    private final String serverName;
    private final BiConsumer<String, String> logLevels;

    /** @param logLevels sets a logger's level in the logging backend the process runs with */
    public AdminBean(ClusterAdmin admin, ClusterViews views, String serverName, BiConsumer<String, String> logLevels) {
        this.admin = admin;
        this.views = views;
        this.serverName = serverName;
        this.logLevels = logLevels;
    }

    @Override public boolean isQuiesceMode() { return admin.quiesced(); }
    @Override public String getServerName() { return serverName; }
    @Override public ApplicationView[] getClientApplications() { return views.applications(); }
    @Override public ResourceView[] getActiveClients() { return views.activeClients(); }
    @Override public MixerView[] getActiveMixers() { return views.mixers(); }
    @Override public void enableQuiesce() { admin.quiesce(true); }
    @Override public void disableQuiesce() { admin.quiesce(false); }
    @Override public void setLogLevel(String logger, String level) { logLevels.accept(logger, level); }
    @Override public void blacklist(String platform, String hostname, boolean blacklisted) { admin.blacklist(platform, hostname, blacklisted); }
    @Override public void maxDialRetries(int retries) { admin.setMaxDialRetries(retries); }
    @Override public void ban(String jid) { admin.ban(jid, "admin"); }
    @Override public void unban(String jid) { admin.unban(jid); }
    @Override public void removeNode(String jid) { admin.removeNode(jid); }
    @Override public String drainNode(String hostname, int timeoutSeconds) { return admin.drainNode(hostname, timeoutSeconds); }
    @Override public String resumeNode(String hostname) { return admin.resumeNode(hostname); }
    @Override public BroadcastReplyView[] reloadConfig() { return replies(admin.broadcast(ClusterAdmin.RELOAD, "")); }
    @Override public void registerApplication(String platform, String name, String jid) { admin.registerApplication(platform, name, jid); }
    @Override public void registerAddress(String jid, String address) { admin.registerAddress(jid, address); }
    @Override public void unregisterApplication(String jid) { admin.unregisterApplication(jid); }
    @Override public void unregisterAddress(String address) { admin.unregisterAddress(address); }
    @Override public PeerView[] clusterList() {
        return admin.peers().stream().map(p -> new PeerView(p.id(), p.state().name(), p.role(), p.self(), text(p.lastHeartbeat()), text(p.started()), p.calls(),
                p.messages(), p.errors())).toArray(PeerView[]::new);
    }
    @Override public void clusterSetStatus(String gatewayId, boolean enabled) { admin.setPeerStatus(gatewayId, enabled); }
    @Override public BroadcastReplyView[] clusterStatistics() { return replies(admin.broadcast("statistics", "")); }
    @Override public BroadcastReplyView[] clusterSetLogLevel(String logger, String level) {
        return replies(admin.broadcast(LOG_LEVEL, (logger == null ? "" : logger.trim()) + " " + (level == null ? "" : level.trim())));
    }

    /** The request kind setLogLevel travels as; every gateway with an Admin MBean answers it. */
    static final String LOG_LEVEL = "log-level";

    /** Lets the other gateways' clusterSetLogLevel reach this process's logging backend. */
    public static void answerLogLevels(com.rayo.gateway.cluster.Broadcasts broadcasts, BiConsumer<String, String> logLevels) {
        broadcasts.on(LOG_LEVEL, body -> {
            String[] parts = body.split(" ", 2);
            logLevels.accept(parts[0], parts.length > 1 ? parts[1] : "");
            return parts[0] + " " + (parts.length > 1 ? parts[1] : "");
        });
    }

    private static BroadcastReplyView[] replies(java.util.List<com.rayo.gateway.cluster.Broadcasts.Reply> replies) {
        return replies.stream().map(r -> new BroadcastReplyView(r.gateway(), r.ok(), r.body())).toArray(BroadcastReplyView[]::new);
    }

    private static String text(java.time.Instant t) { return t == null ? null : t.toString(); }
}
