package org.exchangehub.protect;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The same contract with {@code hub.protect.suite=INTL}, on a keystore of its own. */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:hub-${random.uuid};DB_CLOSE_DELAY=-1",
        "hub.data-dir=target/test-data-intl", "hub.protect.suite=INTL" })
@ActiveProfiles("test")
class IntlProtectionRoundTripTests extends ProtectionRoundTripContract {

    @Override
    CryptoSuite suite() {
        return CryptoSuite.of("INTL");
    }
}
