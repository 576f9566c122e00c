package org.exchangehub.ingest;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A source record run through a mapping: the canonical JSON, and the problems per canonical field (empty when
 * the mapping succeeded).
 */
public record MappingResult(ObjectNode canonical, List<FieldProblem> problems) {
}
