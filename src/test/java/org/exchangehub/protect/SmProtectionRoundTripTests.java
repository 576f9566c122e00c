package org.exchangehub.protect;

import org.exchangehub.HubTest;

@HubTest
class SmProtectionRoundTripTests extends ProtectionRoundTripContract {

    @Override
    CryptoSuite suite() {
        return CryptoSuite.of("SM");
    }
}
