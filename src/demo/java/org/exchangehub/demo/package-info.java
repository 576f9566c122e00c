/**
 * Department simulators for the {@code demo} profile: a police incident API and a health certificate API
 * (WireMock servers), petition CSV exports dropped in the inbox, a 12345 client pushing work orders, and
 * subscriber endpoints that acknowledge deliveries and answer work orders with status updates. Uses nothing
 * of the hub's internals: only its HTTP API and inbox directory, as real department systems would.
 */
@ApplicationModule(displayName = "Demo department simulators")
package org.exchangehub.demo;

import org.springframework.modulith.ApplicationModule;
