package org.exchangehub.admin.security;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import org.exchangehub.admin.ClientCertificates;
import org.exchangehub.admin.DepartmentKeys;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates department systems: an API key as {@code Authorization: Bearer ehk1.…} or {@code X-API-Key}, or a
 * registered client certificate from mutual TLS. A presented key that is malformed, unknown, expired, revoked or
 * whose department is disabled ends the request with 401 at once; a valid one is rate-limited per key (429).
 * Requests without department credentials pass on to HTTP Basic for people.
 */
class DepartmentCredentialFilter extends OncePerRequestFilter {

    static final String KEY_HEADER = "X-API-Key";

    private final DepartmentKeys keys;
    private final ClientCertificates certificates;
    private final KeyRateLimiter limiter;
    private final AccessDenials denials;

    DepartmentCredentialFilter(DepartmentKeys keys, ClientCertificates certificates, KeyRateLimiter limiter,
            AccessDenials denials) {
        this.keys = keys;
        this.certificates = certificates;
        this.limiter = limiter;
        this.denials = denials;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        String key = request.getHeader(KEY_HEADER);
        if (key == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7).trim();
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            request.setAttribute(AccessDenials.ATTEMPTED_USER, basicUsername(authorization));
        }
        if (key != null) {
            DepartmentKeys.Verdict verdict = keys.verify(key);
            if (verdict.check() != DepartmentKeys.Check.VALID) {
                String actor = verdict.department() != null ? verdict.department()
                        : verdict.keyId() != null ? "key " + verdict.keyId() : "anonymous";
                denials.unauthenticated(request, response, actor, "API_KEY_" + verdict.check());
                return;
            }
            if (!limiter.tryAcquire(verdict.keyId())) {
                denials.tooManyRequests(request, response, verdict.department(), limiter.auditDenial(verdict.keyId()));
                return;
            }
            authenticate(verdict.department(), "key " + verdict.keyId());
        } else if (authorization == null
                && request.getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain0
                && chain0.length > 0) {
            certificates.department(chain0[0]).ifPresent(department -> authenticate(department, "certificate"));
        }
        chain.doFilter(request, response);
    }

    private static void authenticate(String department, String credential) {
        var token = UsernamePasswordAuthenticationToken.authenticated(department, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + Roles.DEPARTMENT)));
        token.setDetails(credential);
        SecurityContextHolder.getContext().setAuthentication(token);
    }

    private static String basicUsername(String authorization) {
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            return user.matches("[a-z][a-z0-9._-]{1,63}") ? user : "anonymous";
        } catch (IllegalArgumentException e) {
            return "anonymous";
        }
    }
}
