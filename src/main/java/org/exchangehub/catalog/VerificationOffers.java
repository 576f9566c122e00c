package org.exchangehub.catalog;

import java.util.Optional;
import java.util.Set;

/**
 * The verification services the hub can answer, as the catalog checks entries of {@code kind: VERIFICATION} against
 * them: an entry's code must be one of them and its provider the department whose records answer it. Implemented by
 * the module that answers them.
 */
public interface VerificationOffers {

    /** The services' codes. */
    Set<String> codes();

    /** The department whose records answer a service; empty for a code that is no service. */
    Optional<String> providerOf(String service);
}
