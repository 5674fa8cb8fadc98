package jp.kyodo.portal.lifeevents;

import gg.jte.Content;
import jp.kyodo.agents.lifeevents.BundleDefinition;
import jp.kyodo.tenant.pages.Ui;

/**
 * A link to a life-event bundle's offer on the citizen's pages ({@code me/life-events#o-<id>}), as the concierge page
 * and a life event's guide show it (template {@code pages/bundleLink.jte}).
 */
public record BundleLink(String id, Content name) {

    /** The bundle's name in English on an English page, otherwise its Japanese name marked as such. */
    public static BundleLink of(BundleDefinition bundle, boolean english) {
        return new BundleLink(bundle.id(), english ? Ui.text(bundle.nameEn()) : Ui.japanese(bundle.name()));
    }
}
