/**
 * Everything records go through on their way in: data-element validators (resident ID number, unified social
 * credit code, division code, phone, dates, GB code tables) and, with the exchange pipeline, the inbound
 * endpoints, declarative mappings and quarantine.
 */
@ApplicationModule(displayName = "Ingest")
package org.exchangehub.ingest;

import org.springframework.modulith.ApplicationModule;
