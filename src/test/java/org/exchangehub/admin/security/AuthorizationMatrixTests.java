package org.exchangehub.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.exchangehub.AuthorizationMatrix;
import org.exchangehub.AuthorizationMatrix.Caller;
import org.exchangehub.HubTest;
import org.exchangehub.TestCredentials;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint the hub serves (read from its handler mappings, so a new endpoint without a rule in
 * {@link AuthorizationMatrix} fails) called over HTTP by anonymous, each role, department A (police), department B
 * (health) and a revoked key of A: only the principals of the endpoint's rule get past security, and for department
 * endpoints only to their own data.
 */
@HubTest
class AuthorizationMatrixTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    DepartmentKeys keys;

    @Autowired
    Subscriptions subscriptions;

    @Test
    void everyEndpointLetsExactlyItsRulesPrincipalsThroughAndNoOneElse() throws Exception {
        subscriptions.put(new Subscription("matrix-police-feed", "police", "police-incident", "测试用途",
                "《测试条例》第一条", null, Map.of(), new DeliveryChannel(DeliveryChannel.Type.FEED, null, null, null)));
        Map<Caller, String> authorization = callers(keys);

        List<String> endpoints = endpoints(context);
        List<String> withoutRule = endpoints.stream().filter(e -> !AuthorizationMatrix.RULES.containsKey(e)).toList();
        assertThat(withoutRule).as("endpoints without a rule in this matrix").isEmpty();

        AuthorizationMatrix.Outcome outcome = new AuthorizationMatrix("http://localhost:" + port)
                .run(endpoints, authorization);
        System.out.printf("Authorization matrix: %d endpoints x %d callers = %d cases, %d unexpected allows%n",
                endpoints.size(), Caller.values().length, outcome.cases(), outcome.unexpectedAllows());
        assertThat(outcome.cases()).isGreaterThan(500);
        assertThat(outcome.unexpectedAllows()).as("unexpected allows").isZero();
        assertThat(outcome.unexpected()).isEmpty();
    }

    @Test
    void theRulesMatchPathPatternsWithoutAHandlerLookupBeforeTheChain() {
        Object chain = context.getBean(AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME);
        assertThat(chain).isInstanceOf(FilterChainProxy.class);
        assertThat(chain.getClass().getName()).as("not wrapped with the handler lookup's cache filter")
                .isNotEqualTo(PathPatternMatching.COMPOSITE);
        List<RequestMatcher> matchers = ((FilterChainProxy) chain).getFilterChains().stream()
                .map(filterChain -> ((DefaultSecurityFilterChain) filterChain).getRequestMatcher()).toList();
        assertThat(matchers).as("the console's chain and the API's").hasSize(2);
        assertThat(matchers.get(0).toString()).contains("PathPattern").doesNotContain("Mvc");
        assertThat(context.getBeanNamesForType(PathPatternRequestMatcher.Builder.class)).hasSize(1);
    }

    /** The {@code Authorization} header of every caller but anonymous, a revoked key of police's included. */
    static Map<Caller, String> callers(DepartmentKeys keys) {
        var revokedKey = keys.issue("police", "matrix revoked", Duration.ofDays(1), TestCredentials.ADMIN);
        keys.revoke("police", revokedKey.keyId(), TestCredentials.ADMIN);
        Map<Caller, String> authorization = new EnumMap<>(Caller.class);
        authorization.put(Caller.ADMIN, TestCredentials.basic(TestCredentials.ADMIN));
        authorization.put(Caller.SECURITY_OFFICER, TestCredentials.basic(TestCredentials.SECURITY_OFFICER));
        authorization.put(Caller.AUDITOR, TestCredentials.basic(TestCredentials.AUDITOR));
        authorization.put(Caller.DEPARTMENT_A, TestCredentials.bearer(keys, "police"));
        authorization.put(Caller.DEPARTMENT_B, TestCredentials.bearer(keys, "health"));
        authorization.put(Caller.APPROVER_A, TestCredentials.basic(TestCredentials.POLICE_APPROVER));
        authorization.put(Caller.DEPARTMENT_ADMIN_C, TestCredentials.basic(TestCredentials.CIVIL_AFFAIRS_ADMIN));
        authorization.put(Caller.REVOKED_KEY, "Bearer " + revokedKey.key());
        return authorization;
    }

    /** Every endpoint the hub serves, as "METHOD pattern", read from its handler mappings. */
    static List<String> endpoints(ApplicationContext context) {
        TreeSet<String> endpoints = new TreeSet<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().forEach(mapping -> {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                var methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        endpoints.add("GET " + pattern);
                    }
                    methods.forEach(method -> endpoints.add(method.name() + " " + pattern));
                }
            }
        });
        return List.copyOf(endpoints);
    }
}
