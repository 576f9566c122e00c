package org.exchangehub.cluster;

/**
 * Another node changed configuration that all nodes hold in memory (subscriptions, departments, catalog grants):
 * reload it from the database. Published on the node that notices, never on the node that made the change.
 *
 * @param generation the configuration generation now in the database
 */
public record SharedConfigurationChanged(long generation) {
}
