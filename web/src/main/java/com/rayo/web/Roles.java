package com.rayo.web;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The two roles, and a filter that tells the request's thread whether its
 * (authenticated) user is an admin, for {@link RoleRestrictor}: Jolokia asks the
 * restrictor on the thread that serves the request, after it has parsed the request
 * whatever its form (path, {@code ?p=}, POST body).
 */
public final class Roles implements Filter {
    public static final String ADMIN = "admin";
    public static final String MONITOR = "monitor";

    private static final ThreadLocal<Boolean> IS_ADMIN = ThreadLocal.withInitial(() -> false);
    private static final ThreadLocal<String> OWN_ORIGIN = new ThreadLocal<>();

    static boolean currentIsAdmin() { return IS_ADMIN.get(); }

    /** scheme://host:port the request was sent to: the console's own origin. */
    static String currentOrigin() { return OWN_ORIGIN.get(); }

    @Override public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest r = (HttpServletRequest) req;
        IS_ADMIN.set(r.isUserInRole(ADMIN));
        OWN_ORIGIN.set(CrossSiteGuard.ownOrigin(r));
        try {
            chain.doFilter(req, res);
        } finally {
            IS_ADMIN.remove();
            OWN_ORIGIN.remove();
        }
    }
}
