/**
 * Admin operations: the REST resources (package-private) and the services the web console uses as well.
 */
@org.springframework.modulith.NamedInterface("operations")
package org.exchangehub.admin.operations;
