package jp.kyodo.deploy.web;

import jp.kyodo.tenant.web.ReadRequestTransaction;

/**
 * One transaction per page read (tenant-core's {@link ReadRequestTransaction}): the city pages {@code /c/<code>/…}.
 * The vendor's and the national consoles keep the transactions their services declare. Registered in web.xml, before
 * {@link SignedInClaims}, whose session check is then part of the page's transaction.
 */
public class PageReadTransaction extends ReadRequestTransaction {

    @Override
    protected boolean ordinary(String path) {
        return path.startsWith("/c/");
    }
}
