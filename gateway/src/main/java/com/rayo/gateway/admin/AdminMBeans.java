package com.rayo.gateway.admin;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.BiConsumer;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.rayo.gateway.Gateway;

/** Registers the wiki's three MBeans for a gateway in the platform MBean server. */
public final class AdminMBeans implements AutoCloseable {
    public static final String GATEWAY = "com.rayo.gateway:Type=Gateway";
    public static final String STATISTICS = "com.rayo.gateway:Type=GatewayStatistics";
    public static final String ADMIN = "com.rayo.gateway:Type=Admin,name=Admin";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final List<ObjectName> names;

    public AdminMBeans(Gateway gw, BiConsumer<String, String> logLevels) throws JMException {
        ClusterViews views = new ClusterViews(gw.store(), gw.nodes(), gw.calls(), gw.mixers(), gw.admin());
        AdminBean.answerLogLevels(gw.broadcasts(), logLevels);
        names = List.of(new ObjectName(GATEWAY), new ObjectName(STATISTICS), new ObjectName(ADMIN));
        Object[] beans = {new GatewayBean(views), statistics(gw, views),
                new AdminBean(gw.admin(), views, gw.config().gatewayId(), logLevels)};
        for (int i = 0; i < names.size(); i++) {
            if (server.isRegistered(names.get(i))) server.unregisterMBean(names.get(i)); // a restarted gateway in the same JVM
            server.registerMBean(beans[i], names.get(i));
        }
    }

    /** The statistics bean of a gateway (tests read it without the platform server). */
    public static GatewayStatisticsBean statistics(Gateway gw, ClusterViews views) {
        return new GatewayStatisticsBean(views, gw.applications(), gw.nodes(), gw.calls(), gw.mixers(), gw.stats(), gw.admin()::peers);
    }

    public static GatewayStatisticsBean statistics(Gateway gw) {
        return statistics(gw, new ClusterViews(gw.store(), gw.nodes(), gw.calls(), gw.mixers(), gw.admin()));
    }

    @Override public void close() {
        for (ObjectName n : names) {
            try {
                if (server.isRegistered(n)) server.unregisterMBean(n);
            } catch (JMException ignored) {
                // already gone
            }
        }
    }
}
