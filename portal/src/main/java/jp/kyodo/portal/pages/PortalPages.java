package jp.kyodo.portal.pages;

import jp.kyodo.tenant.pages.Messages;
import jp.kyodo.tenant.pages.Templates;

/** The portal's templates ({@code portal/src/main/jte}) and messages ({@code jp/kyodo/portal/pages/messages_*.properties}). */
public final class PortalPages {

    public static final Templates TEMPLATES = Templates.precompiled(PortalPages.class, "jp.kyodo.portal.pages.templates");
    public static final Messages MESSAGES = Messages.of(PortalPages.class, "jp/kyodo/portal/pages/messages");

    private PortalPages() {
    }
}
