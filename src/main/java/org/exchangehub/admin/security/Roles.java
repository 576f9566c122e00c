package org.exchangehub.admin.security;

import java.util.List;

/**
 * The roles of the hub. People hold exactly one of ADMIN, SECURITY_OFFICER and AUDITOR (三员分立: the one who
 * configures never audits or holds keys); department systems are DEPARTMENT principals named by their code.
 */
public final class Roles {

    public static final String ADMIN = "ADMIN";
    public static final String SECURITY_OFFICER = "SECURITY_OFFICER";
    public static final String AUDITOR = "AUDITOR";
    public static final String DEPARTMENT = "DEPARTMENT";

    /** The roles a person may hold. */
    public static final List<String> PEOPLE = List.of(ADMIN, SECURITY_OFFICER, AUDITOR);

    private Roles() {
    }
}
