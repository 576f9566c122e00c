package org.exchangehub.verification;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A verification service: which records in force it looks at (record type and the ID number field with a blind
 * index) and what it checks in them.
 *
 * @param code     the name callers use, e.g. {@code death-status}
 * @param provider the department whose records answer, the catalog resource's provider
 * @param sources  where the person is looked up
 * @param check    what a record in force must show for MATCH
 */
public record VerificationService(String code, String provider, String nameZh, String nameEn, List<Source> sources,
        Check check) {

    /** Records of a type, found by the blind index of an ID number field. */
    public record Source(String recordType, String idField) {
    }

    /** What MATCH means. */
    public enum Check {
        /** The person died (on or before the date asserted, when one is). */
        DIED,
        /** The name asserted is the name on a person record of the ID number. */
        NAME,
        /** An allowance in force: status ACTIVE and no end date before today. */
        ACTIVE_ALLOWANCE
    }

    /** The services the hub offers. */
    public static final Map<String, VerificationService> ALL = Map.of(
            "death-status", new VerificationService("death-status", "health", "死亡信息核验", "Death status",
                    List.of(new Source("death-certificate", "deceasedIdNumber"),
                            new Source("death-registration", "deceasedIdNumber")),
                    Check.DIED),
            "identity-consistency", new VerificationService("identity-consistency", "civil-affairs",
                    "身份信息一致性核验", "ID number and name consistency",
                    List.of(new Source("person", "idNumber")), Check.NAME),
            "allowance-status", new VerificationService("allowance-status", "civil-affairs", "低保享受状态核验",
                    "Subsistence allowance status",
                    List.of(new Source("subsistence-allowance", "recipientIdNumber")), Check.ACTIVE_ALLOWANCE));

    /** A service by its code. */
    public static Optional<VerificationService> named(String code) {
        return Optional.ofNullable(code == null ? null : ALL.get(code));
    }
}
