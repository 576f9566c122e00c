package org.exchangehub.admin.security;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.regex.Pattern;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Size limits that hold for every request, before anything else reads it, anonymous ones included: headers over
 * {@code hub.security.max-header-bytes} get 431; bodies over {@code hub.security.max-request-bytes} (the push API:
 * {@code hub.ingest.max-payload-bytes}) get 413 whether they announce their length or come chunked — a body is read
 * here, up to one byte past the limit and no further, then handed on from memory; a body that stalls for longer than
 * {@code server.tomcat.connection-timeout} gets 408. Forms and multipart uploads,
 * which the servlet container parses itself, are held to the same limits by {@code server.tomcat.max-http-form-post-size}
 * and {@code spring.servlet.multipart.max-request-size}.
 */
class RequestLimitsFilter extends OncePerRequestFilter {

    private static final String PUSH_API = "/api/v1/inbound/";
    private static final Pattern BATCHES = Pattern.compile("/api/v1/verifications/[^/]+/batches");

    private final long maxBytes;
    private final long maxPushBytes;
    private final long maxBatchBytes;
    private final long maxHeaderBytes;
    private final AccessDenials denials;

    RequestLimitsFilter(long maxBytes, long maxPushBytes, long maxBatchBytes, long maxHeaderBytes,
            AccessDenials denials) {
        this.maxBytes = maxBytes;
        this.maxPushBytes = maxPushBytes;
        this.maxBatchBytes = maxBatchBytes;
        this.maxHeaderBytes = maxHeaderBytes;
        this.denials = denials;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (headerBytes(request) > maxHeaderBytes) {
            denials.headersTooLarge(response, maxHeaderBytes);
            return;
        }
        boolean push = request.getRequestURI().startsWith(PUSH_API);
        boolean batch = !push && BATCHES.matcher(request.getRequestURI()).matches();
        long limit = push ? maxPushBytes : batch ? maxBatchBytes : maxBytes;
        String key = push ? "hub.ingest.max-payload-bytes"
                : batch ? "hub.security.max-batch-bytes" : "hub.security.max-request-bytes";
        if (request.getContentLengthLong() > limit) {
            denials.tooLarge(response, limit, key);
            return;
        }
        boolean body = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (body && !parsedByTheContainer(request)) {
            byte[] read;
            try {
                read = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            } catch (IOException e) {
                if (timedOut(e)) {
                    denials.bodyTimedOut(response);
                    return;
                }
                throw e;
            }
            if (read.length > limit) {
                denials.tooLarge(response, limit, key);
                return;
            }
            request = new ReadBody(request, read);
        }
        chain.doFilter(request, response);
    }

    /** The container reports a read timeout as a SocketTimeoutException, or as an exception caused by one. */
    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static long headerBytes(HttpServletRequest request) {
        long bytes = request.getRequestURI().length() + (request.getQueryString() == null ? 0 : request.getQueryString().length());
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                bytes += name.length() + value.length() + 4;
            }
        }
        return bytes;
    }

    private static boolean parsedByTheContainer(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && (type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded"));
    }

    /** A request whose body was read already, served from memory. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
