/**
 * Admin operations: the REST resources (package-private) and the services the web console uses as well.
 */
@NamedInterface("operations")
package org.exchangehub.admin.operations;

import org.springframework.modulith.NamedInterface;
