/**
 * Admin routes: the REST resources (package-private) and the services the web console uses as well.
 */
@org.springframework.modulith.NamedInterface("routes")
package org.exchangehub.admin.routes;
