/**
 * Admin routes: the REST resources (package-private) and the services the web console uses as well.
 */
@NamedInterface("routes")
package org.exchangehub.admin.routes;

import org.springframework.modulith.NamedInterface;
