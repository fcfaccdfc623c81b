package com.rayo.web;

import java.util.Set;

import javax.management.ObjectName;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

/**
 * Jolokia's access policy: monitors read and run the Gateway MBean's queries (its
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

    @Override public boolean isAttributeReadAllowed(ObjectName name, String attribute) { return !denied(name); }
    @Override public boolean isAttributeWriteAllowed(ObjectName name, String attribute) { return Roles.currentIsAdmin() && !denied(name); }
    @Override public boolean isOperationAllowed(ObjectName name, String operation) {
        return !denied(name) && (Roles.currentIsAdmin() || QUERIES.equals(name) || (ADMIN.equals(name) && ADMIN_QUERIES.contains(operation)));
    }
    @Override public boolean isRemoteAccessAllowed(String... hostOrAddress) { return true; } // the listener's bind address decides
    /** Only same-origin pages (the console) may call; browsers get no CORS grant for any other origin. */
    @Override public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return origin == null || origin.isEmpty() || origin.equalsIgnoreCase(Roles.currentOrigin());
    }
    @Override public boolean isObjectNameHidden(ObjectName name) { return denied(name); }
}
