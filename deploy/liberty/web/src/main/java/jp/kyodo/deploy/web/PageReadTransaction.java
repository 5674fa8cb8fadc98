package jp.kyodo.deploy.web;

import jakarta.servlet.annotation.WebFilter;
import jp.kyodo.tenant.web.ReadRequestTransaction;

/**
 * One transaction per page read (tenant-core's {@link ReadRequestTransaction}): the city pages {@code /c/<code>/…}.
 * The vendor's and the national consoles keep the transactions their services declare.
 */
@WebFilter(urlPatterns = "/*")
public class PageReadTransaction extends ReadRequestTransaction {

    @Override
    protected boolean ordinary(String path) {
        return path.startsWith("/c/");
    }
}
