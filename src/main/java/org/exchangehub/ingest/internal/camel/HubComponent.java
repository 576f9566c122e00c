package org.exchangehub.ingest.internal.camel;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.ingest.Mappings;
import org.springframework.stereotype.Component;

/**
 * The {@code hub:} Camel component: the hub's steps as endpoints, so adapter routes stay declarative.
 * {@code hub:ingest?mapping=<id>} runs each record of the body through a mapping into the hub;
 * {@code hub:ingest?recordType=<type>} takes canonical JSON. Options: {@code channel} (POLL, FILE, SQL, PUSH).
 */
@Component("hub")
class HubComponent extends DefaultComponent {

    private final InboundRecords inbound;
    private final Mappings mappings;

    HubComponent(InboundRecords inbound, Mappings mappings) {
        this.inbound = inbound;
        this.mappings = mappings;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!"ingest".equals(remaining)) {
            throw new IllegalArgumentException("unknown hub endpoint '" + remaining + "'; use hub:ingest");
        }
        HubIngestEndpoint endpoint = new HubIngestEndpoint(uri, this, inbound, mappings);
        setProperties(endpoint, parameters);
        endpoint.check();
        return endpoint;
    }
}
