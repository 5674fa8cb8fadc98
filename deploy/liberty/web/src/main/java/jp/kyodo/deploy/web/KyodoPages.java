package jp.kyodo.deploy.web;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The server-rendered pages (context root /): citizen portal, staff, vendor and national pages. */
@ApplicationPath("/")
@DeclareRoles({"citizen", "operator", "staff", "city-admin", "vendor", "national-analyst"})
public class KyodoPages extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                // filters
                jp.kyodo.portal.pages.WebTenantFilter.class,
                jp.kyodo.portal.pages.LanguageCookie.class,
                jp.kyodo.tenant.pages.SameOriginForms.class,
                jp.kyodo.tenant.pages.UploadLimit.class,
                jp.kyodo.tenant.pages.PageContentLanguage.class,
                jp.kyodo.tenant.pages.PageErrors.class,
                jp.kyodo.tenant.pages.PageNotFound.class,
                jp.kyodo.tenant.settings.ModuleGate.class,
                // the design system's stylesheet and favicon
                jp.kyodo.tenant.pages.Assets.class,
                // citizen portal
                jp.kyodo.portal.pages.HomePage.class,
                jp.kyodo.portal.pages.RoleHomes.class,
                jp.kyodo.portal.pages.SignInPages.class,
                jp.kyodo.portal.pages.AskPage.class,
                jp.kyodo.portal.pages.FaqPages.class,
                jp.kyodo.portal.inquiries.InquiryPages.class,
                jp.kyodo.portal.profile.MyPages.class,
                jp.kyodo.portal.profile.MyPage.class,
                jp.kyodo.portal.profile.ConsentsPage.class,
                jp.kyodo.portal.profile.TwoStepSignInPage.class,
                jp.kyodo.portal.profile.CitizenPageGate.class,
                jp.kyodo.crm.pages.StaffPageGates.Staff.class,
                jp.kyodo.crm.pages.StaffPageGates.CityAdmin.class,
                jp.kyodo.admin.pages.CityAdminGate.class,
                jp.kyodo.portal.profile.InboxPage.class,
                jp.kyodo.portal.applications.ApplicationPages.class,
                jp.kyodo.portal.programmes.ProgrammePages.class,
                jp.kyodo.portal.lifeevents.LifeEventBundlePages.class,
                // contact centre (operators, staff)
                jp.kyodo.crm.pages.StaffCasePages.class,
                jp.kyodo.crm.pages.StaffBundlePages.class,
                jp.kyodo.crm.pages.ContactReplyPages.class,
                jp.kyodo.crm.pages.StaffDashboardPages.class,
                jp.kyodo.crm.pages.StaffSettingsPages.class,
                jp.kyodo.crm.pages.ApplicationReviewPages.class,
                // city administration
                jp.kyodo.admin.programmes.ProgrammePages.class,
                jp.kyodo.admin.knowledge.KnowledgePages.class,
                jp.kyodo.admin.city.SettingsPages.class,
                jp.kyodo.admin.city.MembersPages.class,
                jp.kyodo.admin.pages.AdminAssets.class,
                // vendor and national pages
                jp.kyodo.admin.pages.VendorPages.class,
                jp.kyodo.admin.pages.VendorJobPages.class,
                jp.kyodo.admin.national.NationalPages.class);
    }
}
