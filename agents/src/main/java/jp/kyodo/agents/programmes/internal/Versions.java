package jp.kyodo.agents.programmes.internal;

import jp.kyodo.agents.programmes.LineDiff;
import java.util.List;
import java.util.Optional;

import jp.kyodo.agents.programmes.TemplateUpdate;

/** The rules of a programme's versions, apart from storage: a version's status and a template update. */
public final class Versions {

    public static final String PUBLISHED = "PUBLISHED";
    public static final String DRAFT = "DRAFT";
    public static final String SUPERSEDED = "SUPERSEDED";

    private Versions() { }

    /** PUBLISHED for the published version, DRAFT after it (or when none is published), SUPERSEDED before it. */
    public static String status(Integer publishedVersion, int version) {
        if (publishedVersion == null || version > publishedVersion) {
            return DRAFT;
        }
        return version == publishedVersion ? PUBLISHED : SUPERSEDED;
    }

    /**
     * Whether the shipped template changed since the newest version was based on it, and how.
     *
     * @param templateId         the template the entry follows
     * @param latestYaml         the newest version's text
     * @param latestTemplateHash hash of the template text the newest version is based on
     * @param latestTemplateYaml that template text
     * @param current            the template as shipped now (empty when no longer shipped)
     */
    public static TemplateUpdate templateUpdate(String templateId, String latestYaml, String latestTemplateHash,
                                                String latestTemplateYaml, Optional<ShippedTemplates.Template> current) {
        boolean edited = latestTemplateYaml != null && !latestYaml.equals(latestTemplateYaml);
        if (current.isEmpty() || current.get().hash().equals(latestTemplateHash)) {
            return new TemplateUpdate(false, templateId, edited, List.of());
        }
        return new TemplateUpdate(true, templateId, edited,
                LineDiff.diff(latestTemplateYaml == null ? "" : latestTemplateYaml, current.get().yaml()));
    }
}
