/**
 * The sharing catalog (政务数据共享条例): what each department offers, with a sharing attribute per field, and the
 * working-day calendar that conditional-sharing deadlines are counted in. Requests and approvals build on it.
 */
@ApplicationModule(displayName = "Sharing catalog")
package org.exchangehub.catalog;

import org.springframework.modulith.ApplicationModule;
