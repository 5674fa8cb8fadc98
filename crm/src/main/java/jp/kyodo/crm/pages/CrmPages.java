package jp.kyodo.crm.pages;

import jp.kyodo.tenant.pages.Messages;
import jp.kyodo.tenant.pages.Templates;

/** The contact centre's templates ({@code crm/src/main/jte}) and messages ({@code jp/kyodo/crm/pages/messages_*.properties}). */
public final class CrmPages {

    public static final Templates TEMPLATES = Templates.precompiled(CrmPages.class, "jp.kyodo.crm.pages.templates");
    public static final Messages MESSAGES = Messages.of(CrmPages.class, "jp/kyodo/crm/pages/messages");

    private CrmPages() {
    }
}
