package com.rayo.web;

import java.util.Set;

import javax.management.ObjectName;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

/**
 * Jolokia's access policy: monitors read the Rayo MBeans and the JVM's health gauges (never
 * the JVM's arguments or system properties, where secrets live) and run the Gateway MBean's queries (its
 * operations change nothing) and the Admin MBean's cluster queries, admins also write and run every operation; nobody touches
 * the JVM's diagnostic and flight-recorder MBeans (they can dump the heap or run
 * arbitrary diagnostic commands); no cross-origin access. Checked by Jolokia on the
 * parsed request, so no URL form (path, {@code ?p=}, POST, bulk) gets around it.
 */
final class RoleRestrictor implements Restrictor {
    private static final Set<String> DENIED = Set.of("com.sun.management:type=DiagnosticCommand", "com.sun.management:type=HotSpotDiagnostic",
            "jdk.management.jfr:type=FlightRecorder");

    private static final ObjectName QUERIES = objectName(com.rayo.gateway.admin.AdminMBeans.GATEWAY);
    private static final ObjectName ADMIN = objectName(com.rayo.gateway.admin.AdminMBeans.ADMIN);
    /** Operations of the Admin MBean that only read. */
    private static final Set<String> ADMIN_QUERIES = Set.of("clusterList", "clusterStatistics");

    private static ObjectName objectName(String n) {
        try {
            return new ObjectName(n);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a monitor may read outside the Rayo MBeans: gauges of the JVM's health. Not the
     * Runtime MBean's InputArguments, SystemProperties or class paths (secrets are passed as
     * -D options and system properties), nor any other MBean.
     */
    private static final java.util.Map<String, Set<String>> MONITOR_JVM_GAUGES = java.util.Map.of(
            "java.lang:type=Memory", Set.of("HeapMemoryUsage", "NonHeapMemoryUsage", "ObjectPendingFinalizationCount"),
            "java.lang:type=Threading", Set.of("ThreadCount", "PeakThreadCount", "DaemonThreadCount", "TotalStartedThreadCount"),
            "java.lang:type=OperatingSystem", Set.of("ProcessCpuLoad", "CpuLoad", "SystemCpuLoad", "SystemLoadAverage", "AvailableProcessors",
                    "OpenFileDescriptorCount", "MaxFileDescriptorCount", "ProcessCpuTime", "FreeMemorySize", "TotalMemorySize"),
            "java.lang:type=Runtime", Set.of("Uptime", "StartTime", "VmName", "VmVendor", "VmVersion", "SpecVersion"),
            "java.lang:type=ClassLoading", Set.of("LoadedClassCount", "TotalLoadedClassCount", "UnloadedClassCount"));
    /** Garbage collectors and memory pools are many MBeans of one type each, with harmless attributes. */
    private static final java.util.Map<String, Set<String>> MONITOR_JVM_TYPES = java.util.Map.of(
            "GarbageCollector", Set.of("CollectionCount", "CollectionTime", "Name", "Valid"),
            "MemoryPool", Set.of("Usage", "PeakUsage", "CollectionUsage", "Name", "Type", "Valid"));

    /** Whether the MBean is one of the Rayo processes' own (gateway, node, balancer). */
    private static boolean isRayo(ObjectName name) {
        return name.getDomain().equals("com.rayo") || name.getDomain().startsWith("com.rayo.");
    }

    /** The attributes of a JVM MBean a monitor may read; null when none. */
    private static Set<String> monitorGauges(ObjectName name) {
        if (!name.getDomain().equals("java.lang")) return null;
        String type = name.getKeyProperty("type");
        Set<String> byType = type == null ? null : MONITOR_JVM_TYPES.get(type);
        return byType != null ? byType : MONITOR_JVM_GAUGES.get("java.lang:type=" + type);
    }

    /** Whether the current user may read this attribute (admins: all but the denied MBeans; monitors: Rayo's and the JVM gauges). */
    private static boolean readable(ObjectName name, String attribute) {
        if (denied(name)) return false;
        if (Roles.currentIsAdmin() || name == null || isRayo(name)) return true;
        Set<String> gauges = monitorGauges(name);
        return gauges != null && (attribute == null || gauges.contains(attribute));
    }

    private static boolean denied(ObjectName name) {
        return name != null && DENIED.stream().anyMatch(d -> name.getCanonicalName().equalsIgnoreCase(canonical(d)));
    }

    private static String canonical(String n) { return objectName(n).getCanonicalName(); }

    @Override public boolean isHttpMethodAllowed(HttpMethod method) { return true; }

    @Override public boolean isTypeAllowed(RequestType type) {
        return switch (type) {
            case READ, LIST, SEARCH, VERSION -> true;
            case EXEC -> true; // which operation: isOperationAllowed
            case WRITE -> Roles.currentIsAdmin();
            default -> false; // CONFIG, NOTIFICATION: not needed here
        };
    }

    @Override public boolean isAttributeReadAllowed(ObjectName name, String attribute) { return readable(name, attribute); }
    @Override public boolean isAttributeWriteAllowed(ObjectName name, String attribute) { return Roles.currentIsAdmin() && !denied(name); }
    @Override public boolean isOperationAllowed(ObjectName name, String operation) {
        return !denied(name) && (Roles.currentIsAdmin() || QUERIES.equals(name) || (ADMIN.equals(name) && ADMIN_QUERIES.contains(operation)));
    }
    @Override public boolean isRemoteAccessAllowed(String... hostOrAddress) { return true; } // the listener's bind address decides
    /** Only same-origin pages (the console) may call; browsers get no CORS grant for any other origin. */
    @Override public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return origin == null || origin.isEmpty() || origin.equalsIgnoreCase(Roles.currentOrigin());
    }
    /** A monitor does not even see the MBeans it may not read (list, search). */
    @Override public boolean isObjectNameHidden(ObjectName name) {
        return denied(name) || !Roles.currentIsAdmin() && name != null && !isRayo(name) && monitorGauges(name) == null;
    }
}
