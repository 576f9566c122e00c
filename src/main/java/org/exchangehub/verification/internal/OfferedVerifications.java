package org.exchangehub.verification.internal;

import java.util.Optional;
import java.util.Set;

import org.exchangehub.catalog.VerificationOffers;
import org.exchangehub.verification.VerificationService;
import org.springframework.stereotype.Component;

/** The catalog's view of the verification services the hub answers ({@link VerificationService#ALL}). */
@Component
class OfferedVerifications implements VerificationOffers {

    @Override
    public Set<String> codes() {
        return VerificationService.ALL.keySet();
    }

    @Override
    public Optional<String> providerOf(String service) {
        return VerificationService.named(service).map(VerificationService::provider);
    }
}
