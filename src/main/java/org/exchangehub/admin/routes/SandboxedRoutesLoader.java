package org.exchangehub.admin.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.engine.DefaultRoutesLoader;
import org.apache.camel.spi.Resource;

/**
 * Camel's routes loader with the {@link RouteSandbox} in front: every YAML route file Camel reads — at startup from
 * the routes directory, files placed there by hand included, and at runtime through {@link RouteFiles} — is checked
 * before it is parsed, and a file the sandbox refuses is not loaded at all (at startup the hub does not start, with
 * a message naming the file and the rules).
 */
final class SandboxedRoutesLoader extends DefaultRoutesLoader {

    private final RouteSandbox sandbox;

    SandboxedRoutesLoader(CamelContext camel, RouteSandbox sandbox) {
        super(camel);
        this.sandbox = sandbox;
    }

    @Override
    public Collection<RoutesBuilder> findRoutesBuilders(Collection<Resource> resources, boolean optional)
            throws Exception {
        for (Resource resource : resources) {
            check(resource);
        }
        return super.findRoutesBuilders(resources, optional);
    }

    @Override
    public void preParseRoute(Resource resource, boolean optional) throws Exception {
        check(resource);
        super.preParseRoute(resource, optional);
    }

    private void check(Resource resource) throws IOException {
        String location = resource.getLocation();
        if (location == null || !(location.endsWith(".yaml") || location.endsWith(".yml")) || !resource.exists()) {
            return;
        }
        String yaml;
        try (InputStream in = resource.getInputStream()) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> problems = sandbox.check(yaml);
        if (!problems.isEmpty()) {
            String name = location.substring(location.replace('\\', '/').lastIndexOf('/') + 1);
            throw new RouteFiles.RejectedRouteFile(problems.stream().map(p -> "route file " + name + ": " + p)
                    .toList());
        }
    }
}
