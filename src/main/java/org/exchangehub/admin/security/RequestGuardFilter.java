package org.exchangehub.admin.security;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Checks that come before authentication on the API (sizes are {@link RequestLimitsFilter}'s, for every request).
 * Cross-site requests:
 * the API is stateless, but a browser re-sends cached Basic credentials, so a state-changing request that a browser
 * marks as cross-site ({@code Sec-Fetch-Site}) or whose {@code Origin} is not this host is refused (403, audited).
 * Clients that are not browsers send neither header and are not affected.
 */
class RequestGuardFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final AccessDenials denials;

    RequestGuardFilter(AccessDenials denials) {
        this.denials = denials;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE.contains(request.getMethod()) && crossSite(request)) {
            denials.forbidden(request, response, "anonymous", "CROSS_SITE_REQUEST");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            return host == null || !(uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())).equals(host);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
