package org.exchangehub.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.exchangehub.HubHttp;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.ClientCertificates;
import org.exchangehub.admin.DepartmentKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A client certificate registered for a department (mTLS, where TLS has checked the chain) authenticates that
 * department until it is revoked; an unregistered one authenticates no one.
 */
@HubTest
class ClientCertificateTests {

    @LocalServerPort
    int port;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    ClientCertificates certificates;

    @Autowired
    KeyRateLimiter limiter;

    @Autowired
    AccessDenials denials;

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void registeredCertificateAuthenticatesItsDepartmentUntilRevoked() throws Exception {
        X509Certificate police = certificate("CN=police-adapter,O=Public Security Bureau");
        X509Certificate stranger = certificate("CN=stranger");
        String admin = TestCredentials.basic(TestCredentials.ADMIN);
        HubHttp http = new HubHttp(port);

        HubHttp.Response registered = http.post("/api/v1/admin/departments/police/certificates", admin,
                "{\"certificatePem\": \"" + pem(police).replace("\n", "\\n") + "\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String fingerprint = registered.json().get("fingerprint").asText();

        assertThat(authenticatedAs(police)).isEqualTo("police");
        assertThat(authenticatedAs(stranger)).isNull();
        assertThat(http.post("/api/v1/admin/departments/police/certificates", admin,
                "{\"certificatePem\": \"not a certificate\"}").status()).isEqualTo(400);

        http.delete("/api/v1/admin/departments/police/certificates/" + fingerprint, admin);
        assertThat(authenticatedAs(police)).as("revoked").isNull();
    }

    private String authenticatedAs(X509Certificate certificate) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/feeds/x");
        request.setAttribute("jakarta.servlet.request.X509Certificate", new X509Certificate[] { certificate });
        AtomicReference<Authentication> seen = new AtomicReference<>();
        new DepartmentCredentialFilter(keys, certificates, limiter, denials).doFilter(request,
                new MockHttpServletResponse(), (req, res) -> seen.set(SecurityContextHolder.getContext()
                        .getAuthentication()));
        SecurityContextHolder.clearContext();
        if (seen.get() == null) {
            return null;
        }
        assertThat(seen.get().getAuthorities()).extracting(Object::toString).containsExactly("ROLE_DEPARTMENT");
        return seen.get().getName();
    }

    private static X509Certificate certificate(String subject) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        var pair = generator.generateKeyPair();
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name(subject), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(30, ChronoUnit.DAYS)),
                new X500Name(subject), pair.getPublic());
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }
}
