package org.exchangehub.admin.security;

import java.util.List;

/**
 * The roles of the hub. People hold exactly one role. The hub's own staff are ADMIN, SECURITY_OFFICER or AUDITOR
 * (三员分立: the one who configures never audits or holds keys); people of a department are APPROVER (answers the
 * sharing requests made to their department) or DEPARTMENT_ADMIN (makes their department's sharing requests and
 * answers those made to it), both scoped to one department. Department systems are DEPARTMENT principals named by
 * their code.
 */
public final class Roles {

    public static final String ADMIN = "ADMIN";
    public static final String SECURITY_OFFICER = "SECURITY_OFFICER";
    public static final String AUDITOR = "AUDITOR";
    public static final String DEPARTMENT = "DEPARTMENT";
    public static final String APPROVER = "APPROVER";
    public static final String DEPARTMENT_ADMIN = "DEPARTMENT_ADMIN";

    /** The roles a person may hold. */
    public static final List<String> PEOPLE = List.of(ADMIN, SECURITY_OFFICER, AUDITOR, APPROVER, DEPARTMENT_ADMIN);

    /** The roles that act for one department and need {@code department} in the user's entry. */
    public static final List<String> SCOPED = List.of(APPROVER, DEPARTMENT_ADMIN);

    private Roles() {
    }
}
