package org.exchangehub.admin.security;

import java.io.IOException;
import java.net.URI;
import java.util.regex.Pattern;

import org.exchangehub.audit.AuditAction;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every refusal: 401 (no, wrong, expired or revoked credentials, locked account) and 403 (authenticated, but not
 * allowed — including another department's data, answered alike whether it exists or not), as RFC 9457 problem
 * details, each one an {@code ACCESS_DENIED} audit event with who, what request and why. Neither the answer nor
 * the audit event repeats a presented secret or personal data: long digit runs in paths are blanked.
 */
@Component
public class AccessDenials implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private static final Pattern DIGIT_RUNS = Pattern.compile("[0-9]{7,}[0-9Xx]?");

    private final AuditLog audit;
    private final ObjectMapper json;

    AccessDenials(AuditLog audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String reason = e instanceof LockedException ? "LOCKED"
                : e instanceof BadCredentialsException ? "BAD_CREDENTIALS" : "NO_CREDENTIALS";
        String actor = request.getAttribute(ATTEMPTED_USER) instanceof String user ? user : "anonymous";
        unauthenticated(request, response, actor, reason);
    }

    /** Attribute naming the username a failed Basic login tried, for the audit event. */
    static final String ATTEMPTED_USER = AccessDenials.class.getName() + ".user";

    /** Answers 401 and audits it. */
    void unauthenticated(HttpServletRequest request, HttpServletResponse response, String actor, String reason)
            throws IOException {
        audited(request, actor, 401, reason);
        response.setHeader("WWW-Authenticate", "Basic realm=\"exchange-hub\", Bearer realm=\"exchange-hub\"");
        write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                "LOCKED".equals(reason) ? "too many failed logins; try again later"
                        : "valid credentials are required: a user's password or a department's API key");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        forbidden(request, response, authentication == null ? "anonymous" : authentication.getName(), "FORBIDDEN");
    }

    /** Answers 403 and audits it. */
    void forbidden(HttpServletRequest request, HttpServletResponse response, String actor, String reason)
            throws IOException {
        audited(request, actor, 403, reason);
        write(response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "not allowed for this principal");
    }

    /** Answers 429 with Retry-After; audited by the caller at most once a second per key. */
    void tooManyRequests(HttpServletRequest request, HttpServletResponse response, String actor, boolean audited)
            throws IOException {
        if (audited) {
            audited(request, actor, 429, "RATE_LIMITED");
        }
        response.setHeader("Retry-After", "1");
        write(response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "this key's request rate is over hub.security.rate-limit; retry after the Retry-After seconds");
    }

    /**
     * Answers 400 to a request the firewall refuses before anything else looks at it (encoded slashes or dots, NUL,
     * semicolons in the path, bad header characters); not audited, nothing was attempted.
     */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(response, HttpStatus.BAD_REQUEST, "request-rejected", "Request rejected",
                "the request's path or headers contain characters the hub does not accept (encoded slash, dot or "
                        + "NUL, semicolon, control characters)");
    }

    /** Answers 413; no audit event, nothing was attempted. */
    void tooLarge(HttpServletResponse response, long limit, String key) throws IOException {
        write(response, HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
                "the body is over " + key + " (" + limit + " bytes)");
    }

    /** Answers 408 to a body that stopped arriving; no audit event, nothing was attempted. */
    void bodyTimedOut(HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        write(response, HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request timeout",
                "the request's body stopped arriving for longer than server.tomcat.connection-timeout");
    }

    /** Answers 431; no audit event, nothing was attempted. */
    void headersTooLarge(HttpServletResponse response, long limit) throws IOException {
        write(response, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request-header-fields-too-large",
                "Request header fields too large", "the request's headers are over hub.security.max-header-bytes ("
                        + limit + " bytes)");
    }

    /** Writes the {@code ACCESS_DENIED} audit event of a refusal (also the console's, which answers with pages). */
    void audited(HttpServletRequest request, String actor, int status, String reason) {
        String who = DIGIT_RUNS.matcher(actor.length() > 100 ? actor.substring(0, 100) : actor).replaceAll("#");
        audit.append(AuditEntry.of(who, AuditAction.ACCESS_DENIED, "DENIED", status + " " + request.getMethod() + " "
                + path(request) + ": " + reason));
    }

    static String path(HttpServletRequest request) {
        String path = request.getRequestURI();
        path = path.length() > 200 ? path.substring(0, 200) + "…" : path;
        return DIGIT_RUNS.matcher(path).replaceAll("#");
    }

    private void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://exchangehub.org/problems/" + type));
        problem.setTitle(title);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
