package jp.kyodo.crm.applications;

import java.util.List;
import jp.kyodo.agents.programmes.DiffLine;

/**
 * One procedure with its texts: the latest saved version ({@code yaml}), the published one's definition (what
 * citizens fill in), and for an adopted template the difference to the template as shipped now.
 */
public record ProcedureDetail(ProcedureSummary summary, String yaml, ProcedureDefinition published,
                              List<DiffLine> templateDiff) {
}
