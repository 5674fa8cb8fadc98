package jp.kyodo.agents.programmes;

import java.util.List;

/**
 * What changed in a shipped template since the city adopted it.
 *
 * @param available     the template changed (a new Kyodo release)
 * @param templateId    the template
 * @param edited        the city's newest version differs from the template text it was based on (taking the update
 *                      then makes a draft to review instead of publishing at once)
 * @param diff          adopted template text → current template text
 */
public record TemplateUpdate(boolean available, String templateId, boolean edited, List<DiffLine> diff) { }
