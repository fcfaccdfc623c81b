package com.rayo.gateway.admin;

import com.rayo.gateway.admin.Views.ApplicationView;
import com.rayo.gateway.admin.Views.BroadcastReplyView;
import com.rayo.gateway.admin.Views.MixerView;
import com.rayo.gateway.admin.Views.PeerView;
import com.rayo.gateway.admin.Views.ResourceView;

/** {@code com.rayo.gateway:Type=Admin,name=Admin}: administration, exactly the wiki's operations. */
public interface AdminMXBean {
    boolean isQuiesceMode();
    String getServerName();
    ApplicationView[] getClientApplications();
    ResourceView[] getActiveClients();
    MixerView[] getActiveMixers();

    void enableQuiesce();
    void disableQuiesce();
    void setLogLevel(String logger, String level);
    void blacklist(String platform, String hostname, boolean blacklisted);
    void maxDialRetries(int retries);
    void ban(String jid);
    void unban(String jid);
    void removeNode(String jid);
    void registerApplication(String platform, String name, String jid);
    void registerAddress(String jid, String address);
    void unregisterApplication(String jid);
    void unregisterAddress(String address);

    /**
     * Beyond the wiki: takes a node out of service gracefully — it takes no new calls, the calls up
     * may finish for {@code timeoutSeconds} (0: the node's drain-timeout), then end with a reason.
     */
    String drainNode(String hostname, int timeoutSeconds);
    /** Puts a drained node back in service. */
    String resumeNode(String hostname);
    /**
     * Beyond the wiki: every gateway reads its configuration file again and applies what may change at
     * run time (as SIGHUP does for one): one reply per gateway, saying what still needs a restart.
     */
    BroadcastReplyView[] reloadConfig();

    /** Beyond the wiki, clusterer style (clusterer_list): every gateway with its state, heartbeat and figures. */
    PeerView[] clusterList();
    /** clusterer_set_status: disable (false) or enable (true) a gateway, on every gateway. */
    void clusterSetStatus(String gatewayId, boolean enabled);
    /** Asks every gateway now for its calls, messages and errors (a broadcast request): one reply per gateway. */
    BroadcastReplyView[] clusterStatistics();
    /** setLogLevel on every gateway (a broadcast request): one reply per gateway, this one's first. */
    BroadcastReplyView[] clusterSetLogLevel(String logger, String level);
}
