package org.exchangehub.ingest.internal.camel;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.ingest.Mappings;

/** {@code hub:ingest}: hands the records of a message to the hub. Producer only. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "hub", title = "Exchange Hub", syntax = "hub:ingest",
        producerOnly = true, category = Category.CORE)
class HubIngestEndpoint extends DefaultEndpoint {

    @UriParam(description = "Mapping in config/mappings that turns source records into canonical ones")
    private String mapping;

    @UriParam(description = "Canonical record type, when the body already is canonical JSON")
    private String recordType;

    @UriParam(defaultValue = "POLL", description = "How the records arrived: POLL, FILE, SQL or PUSH")
    private String channel = "POLL";

    private final InboundRecords inbound;
    private final Mappings mappings;

    HubIngestEndpoint(String uri, HubComponent component, InboundRecords inbound, Mappings mappings) {
        super(uri, component);
        this.inbound = inbound;
        this.mappings = mappings;
    }

    void check() {
        if ((mapping == null) == (recordType == null)) {
            throw new IllegalArgumentException(getEndpointUri() + ": give exactly one of mapping and recordType");
        }
        if (mapping != null && mappings.byId(mapping).isEmpty()) {
            throw new IllegalArgumentException(getEndpointUri() + ": no mapping '" + mapping + "' in config/mappings");
        }
    }

    @Override
    public Producer createProducer() {
        return new HubIngestProducer(this, inbound, mappings);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new IllegalArgumentException("hub:ingest can only be sent to, not consumed from");
    }

    public String getMapping() {
        return mapping;
    }

    public void setMapping(String mapping) {
        this.mapping = mapping;
    }

    public String getRecordType() {
        return recordType;
    }

    public void setRecordType(String recordType) {
        this.recordType = recordType;
    }

    public String getChannel() {
        return channel;
    }

    public void setChannel(String channel) {
        this.channel = channel;
    }
}
