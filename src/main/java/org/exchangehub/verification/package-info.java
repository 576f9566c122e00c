/**
 * Verification services (查询核验): a department asks whether the hub's records confirm something about a person —
 * that the person died (on or before a date), that an ID number and a name belong together, that a household
 * receives subsistence allowance — and gets MATCH, NO_MATCH or NOT_ON_FILE, never the data ("data usable but not
 * visible"). Answers are computed inside the hub from blind indexes and the record versions in force; every question
 * is an audit event (VERIFIED) that the person's data-subject report shows.
 */
@ApplicationModule(displayName = "Verification")
package org.exchangehub.verification;

import org.springframework.modulith.ApplicationModule;
