package jp.kyodo.agents.programmes;

import java.util.List;

/**
 * One programme with its texts and history. For staff and citizens only the published version is shown.
 *
 * @param summary       the listing
 * @param publishedYaml text of the published version (null when none)
 * @param latestYaml    text of the newest version (the draft being edited); null for non-admins
 * @param versions      every version, newest first (only the published one for non-admins)
 */
public record ProgrammeDetail(ProgrammeSummary summary, String publishedYaml, String latestYaml,
                              List<ProgrammeVersion> versions) { }
