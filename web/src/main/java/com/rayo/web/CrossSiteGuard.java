package com.rayo.web;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses admin-plane requests that a browser made on behalf of another site. A browser that
 * holds the admin's BASIC credentials sends them with any request another page triggers (an
 * {@code <img src=…/exec/…/ban/…>}, a form post), and Jolokia's exec URLs change state on GET,
 * so CORS alone does not help: the response need not be read for the harm to be done.
 *
 * <p>What curl and scripts send (none of these headers) passes, so the wiki's URLs work as
 * written. Refused: {@code Sec-Fetch-Site: cross-site|same-site}; an {@code Origin} or
 * {@code Referer} of another origin; a browser sub-resource load (image, script, frame…: never
 * how anyone calls the API); and a same-origin script request without the console's marker
 * header {@value #CONSOLE_HEADER} (a header another site cannot add without a CORS preflight,
 * which is never granted).
 */
final class CrossSiteGuard implements Filter {
    /** The header the console sends with each of its requests. */
    static final String CONSOLE_HEADER = "X-Rayo-Console";
    /** Sec-Fetch-Dest values of direct calls: fetch/XHR ("empty") and a typed-in or bookmarked URL ("document"). */
    private static final Set<String> CALL_DESTINATIONS = Set.of("empty", "document");

    @Override public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest r = (HttpServletRequest) req;
        String why = refusal(r, ownOrigin(r));
        if (why == null) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse out = (HttpServletResponse) res;
        out.setStatus(403);
        out.setContentType("application/json");
        out.getWriter().write("{\"status\":403,\"error_type\":\"cross-site\",\"error\":\"" + why + "\"}");
    }

    static String ownOrigin(HttpServletRequest r) {
        String host = r.getHeader("Host");
        return host == null ? null : r.getScheme() + "://" + host;
    }

    /** Why the request is refused, or null when it may pass. */
    static String refusal(HttpServletRequest r, String own) {
        String site = r.getHeader("Sec-Fetch-Site");
        if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
            return "refused: the browser marks this request as sent by another site (Sec-Fetch-Site: " + clean(site) + ")";
        }
        String origin = r.getHeader("Origin");
        if (origin != null && !origin.equalsIgnoreCase(own)) return "refused: a request from another origin (" + clean(origin) + ")";
        String referer = r.getHeader("Referer");
        if (referer != null && !own(referer, own)) return "refused: a request from a page of another origin";
        String dest = r.getHeader("Sec-Fetch-Dest");
        if (dest != null && !CALL_DESTINATIONS.contains(dest.toLowerCase())) {
            return "refused: a browser loading the admin API as " + clean(dest) + " (call it with curl, a script or the console)";
        }
        boolean browserScript = "same-origin".equalsIgnoreCase(site) && "empty".equalsIgnoreCase(dest) || origin != null;
        if (browserScript && r.getHeader(CONSOLE_HEADER) == null) return "refused: a browser script request without the " + CONSOLE_HEADER + " header";
        return null;
    }

    private static boolean own(String referer, String own) {
        try {
            URI u = URI.create(referer);
            return own != null && u.getScheme() != null && (u.getScheme() + "://" + u.getRawAuthority()).equalsIgnoreCase(own);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Header text echoed in JSON: no quotes, backslashes or control characters. */
    private static String clean(String s) {
        String t = s.replaceAll("[^A-Za-z0-9 ._:/-]", "?");
        return t.length() > 80 ? t.substring(0, 80) : t;
    }
}
