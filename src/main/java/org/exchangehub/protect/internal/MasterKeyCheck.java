package org.exchangehub.protect.internal;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Refuses to start a hub whose keystore does not hold the master keys that wrap the database's data keys: a node
 * of a cluster started with a keystore of its own (made on its first start) or a stale copy would otherwise encrypt
 * new records under keys the other nodes cannot unwrap. For each master key the database names, the keystore must
 * hold it under the same alias and it must unwrap a data key it wrapped (the AEAD tag proves the same key
 * material). The remedy, named in the message, is to copy the keystore from a node of the cluster.
 */
@Component
class MasterKeyCheck implements SmartInitializingSingleton {

    private final DataKeyStore store;
    private final DataKeys dataKeys;
    private final MasterKeys masterKeys;
    private final ProtectProperties properties;

    MasterKeyCheck(DataKeyStore store, DataKeys dataKeys, MasterKeys masterKeys, ProtectProperties properties) {
        this.store = store;
        this.dataKeys = dataKeys;
        this.masterKeys = masterKeys;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String kekId : store.kekIds()) {
            if (!masterKeys.aliases().contains(kekId)) {
                throw mismatch(kekId, "does not hold it");
            }
            store.anyWrappedBy(kekId).ifPresent(row -> {
                try {
                    dataKeys.byId(row.id());
                } catch (IllegalStateException e) {
                    throw mismatch(kekId, "holds another key under that name");
                }
            });
        }
    }

    private IllegalStateException mismatch(String kekId, String problem) {
        return new IllegalStateException("hub.protect.keystore: the database's data keys are wrapped by master key "
                + kekId + ", and " + properties.keystore() + " " + problem + "; a node of a cluster needs a copy of the"
                + " keystore of the node that made the keys (see docs/production.md, Keys on several nodes)");
    }
}
