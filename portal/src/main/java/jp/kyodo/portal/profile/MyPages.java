package jp.kyodo.portal.profile;

import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.crm.citizens.CitizenRecord;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.crm.citizens.CitizenValidation;
import jp.kyodo.crm.citizens.HouseholdMember;
import jp.kyodo.crm.citizens.InvalidCitizenData;
import jp.kyodo.crm.citizens.MemberDraft;
import jp.kyodo.crm.citizens.Profile;
import jp.kyodo.crm.citizens.ProfileDraft;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The citizen's own record: {@code /c/<code>/me/profile}, {@code …/me/household} (マイページ itself is {@link MyPage},
 * the consents {@link ConsentsPage}); templates {@code pages/profile.jte}, {@code profileForm.jte},
 * {@code household.jte}, {@code memberForm.jte}, {@code removeMember.jte}. Forms post back to the same address; an
 * invalid form answers 400 with every error in the summary at the top and next to its field, in the page's language,
 * and what was typed kept. A valid form saves in one transaction and answers 303 (Post/Redirect/Get).
 */
@Path("")
@CitizenPage
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class MyPages {

    @Inject
    TenantContext tenant;
    @Inject
    CitizenRecords records;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    /** One line of the profile or of a household member, as the page shows it. */
    public record Item(Content term, Content value) {
    }

    /** One household member in the list. */
    public record Member(String id, String name, String kana, Content relationship, String birthDate, boolean actsFor,
                         String facts) {
    }

    // ---------------------------------------------------------------- profile

    @GET
    @Path("c/{code}/me/profile")
    public Response profile(@PathParam("code") String code, @QueryParam("saved") String saved) {
        City city = tenant.city();
        Text t = text();
        Optional<CitizenRecord> record = records.mine();
        List<Item> items = record.map(r -> items(t, r.profile())).orElse(List.of());
        Map<String, Object> p = CitizenPages.params(t, city, request);
        p.put("saved", saved != null);
        p.put("items", items);
        return CitizenPages.page(t, city, t.plain("profile.title"), "pages/profile.jte", p, 200);
    }

    private static List<Item> items(Text t, Profile p) {
        String none = t.plain("profile.notRegistered");
        String address = (p.postalCode() == null ? "" : "〒" + p.postalCode() + " ") + nz(p.prefecture()) + nz(p.municipality())
                + nz(p.street());
        return List.of(
                new Item(t.t("profile.fullName"), Ui.japanese(p.fullName())),
                new Item(t.t("profile.fullNameKana"), Ui.japanese(p.fullNameKana())),
                new Item(t.t("profile.birthDate"), Ui.text(p.birthDate() == null ? none : CitizenText.date(p.birthDate(), t.tag()))),
                new Item(t.t("profile.address"), address.isBlank() ? Ui.text(none) : Ui.japanese(address)),
                new Item(t.t("profile.phone"), Ui.text(p.phone() == null ? none : p.phone())),
                new Item(t.t("profile.email"), Ui.text(p.email() == null ? none : p.email())),
                new Item(t.t("profile.language"), Ui.text(ProfileForms.languageName(p.language()))),
                new Item(t.t("profile.channels"), p.channels().contains("email") ? t.t("profile.channels.email")
                        : t.t("profile.channels.inbox")),
                new Item(t.t("profile.facts"), Ui.text(ProfileForms.factsText(t, p.facts()))),
                new Item(t.t("profile.singleParent"), p.singleParent() ? t.t("profile.yes") : t.t("profile.no")),
                new Item(t.t("profile.income"), p.incomeAfterDeductions() == null ? t.t("profile.income.unknown")
                        : t.t("profile.income.amount", String.format(Locale.ROOT, "%,d", p.incomeAfterDeductions()))));
    }

    @GET
    @Path("c/{code}/me/profile/edit")
    public Response editProfile(@PathParam("code") String code) {
        Profile p = records.mine().map(CitizenRecord::profile).orElse(null);
        return profileForm(tenant.city(), text(), state(ProfileForms.values(p)), 200);
    }

    @POST
    @Path("c/{code}/me/profile")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveProfile(@PathParam("code") String code) {
        City city = tenant.city();
        ProfileForms.Parsed<ProfileDraft> parsed = ProfileForms.profile(form());
        Map<String, String> errors = new LinkedHashMap<>(parsed.errors());
        if (errors.isEmpty()) {
            try {
                records.saveMine(parsed.draft());
                return Response.seeOther(URI.create("/c/" + city.code() + "/me/profile?saved=1")).build();
            } catch (InvalidCitizenData e) {
                errors.putAll(e.fieldErrors());
            }
        } else {
            CitizenValidation.check(parsed.draft(), CitizenRecords.today()).errors().forEach(errors::putIfAbsent);
        }
        Text t = text();
        return profileForm(city, t, invalid(t, parsed.values(), errors, ProfileForms.PROFILE_FIELDS), 400);
    }

    private Response profileForm(City city, Text t, FormState form, int status) {
        Map<String, Object> p = CitizenPages.params(t, city, request);
        p.put("form", form);
        p.put("verified", records.myVerifiedIdentity().orElse(null));
        p.put("prefectures", ProfileForms.prefectures(t));
        p.put("languages", ProfileForms.languages());
        p.put("physical", ProfileForms.grades(t, 7));
        p.put("ryoiku", ProfileForms.ryoiku(t));
        p.put("mental", ProfileForms.grades(t, 3));
        p.put("schoolYears", ProfileForms.schoolYears(t));
        return CitizenPages.page(t, city, title(t, "profile.edit.title", form), "pages/profileForm.jte", p, status);
    }

    // ---------------------------------------------------------------- household

    @GET
    @Path("c/{code}/me/household")
    public Response household(@PathParam("code") String code, @QueryParam("saved") String saved) {
        City city = tenant.city();
        Text t = text();
        Optional<CitizenRecord> record = records.mine();
        Map<String, Object> p = CitizenPages.params(t, city, request);
        p.put("saved", saved != null);
        p.put("hasProfile", record.isPresent());
        p.put("members", record.map(r -> r.household().stream().map(m -> member(t, m)).toList()).orElse(List.of()));
        return CitizenPages.page(t, city, t.plain("household.title"), "pages/household.jte", p, 200);
    }

    private static Member member(Text t, HouseholdMember m) {
        return new Member(m.id().toString(), m.fullName(), m.fullNameKana(), t.t(ProfileForms.relationshipKey(m.relationship())),
                m.birthDate() == null ? t.plain("profile.notRegistered") : CitizenText.date(m.birthDate(), t.tag()), m.actsFor(),
                ProfileForms.factsText(t, m.facts()));
    }

    @GET
    @Path("c/{code}/me/household/new")
    public Response newMember(@PathParam("code") String code) {
        return memberForm(tenant.city(), text(), null, FormState.empty(), null, 200);
    }

    @POST
    @Path("c/{code}/me/household")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addMember(@PathParam("code") String code) {
        return saveMember(null, form());
    }

    @GET
    @Path("c/{code}/me/household/{id}/edit")
    public Response editMember(@PathParam("code") String code, @PathParam("id") String id) {
        HouseholdMember m = member(id);
        return memberForm(tenant.city(), text(), m.id(), state(ProfileForms.values(m)), null, 200);
    }

    @POST
    @Path("c/{code}/me/household/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response updateMember(@PathParam("code") String code, @PathParam("id") String id) {
        return saveMember(uuid(id), form());
    }

    private Response saveMember(UUID id, Map<String, List<String>> posted) {
        City city = tenant.city();
        Text t = text();
        ProfileForms.Parsed<MemberDraft> parsed = ProfileForms.member(posted);
        Map<String, String> errors = new LinkedHashMap<>(parsed.errors());
        if (errors.isEmpty()) {
            try {
                if (id == null) {
                    records.addMember(parsed.draft());
                } else {
                    records.updateMember(id, parsed.draft());
                }
                return Response.seeOther(URI.create("/c/" + city.code() + "/me/household?saved=1")).build();
            } catch (InvalidCitizenData e) {
                errors.putAll(e.fieldErrors());
            } catch (ProblemException e) {
                if (e.status() == 404) {
                    throw new NotFoundException();
                }
                if (e.status() != 409) {
                    throw e;
                }
                // the household is full, or there is no profile yet: the form again, what was typed kept
                Content problem = "profile-required".equals(e.type()) ? t.t("household.error.profileRequired")
                        : t.t("household.error.full");
                return memberForm(city, t, id, state(parsed.values()), problem, 409);
            }
        } else {
            CitizenValidation.check(parsed.draft(), CitizenRecords.today()).errors().forEach(errors::putIfAbsent);
        }
        return memberForm(city, t, id, invalid(t, parsed.values(), errors, ProfileForms.MEMBER_FIELDS), null, 400);
    }

    private Response memberForm(City city, Text t, UUID id, FormState form, Content problem, int status) {
        Map<String, Object> p = CitizenPages.params(t, city, request);
        p.put("form", form);
        p.put("action", "/c/" + city.code() + "/me/household" + (id == null ? "" : "/" + id));
        p.put("adding", id == null);
        p.put("problem", problem);
        p.put("relationships", ProfileForms.relationships(t));
        p.put("actsFor", ProfileForms.actsFor(t));
        p.put("physical", ProfileForms.grades(t, 7));
        p.put("ryoiku", ProfileForms.ryoiku(t));
        p.put("mental", ProfileForms.grades(t, 3));
        p.put("schoolYears", ProfileForms.schoolYears(t));
        String title = title(t, id == null ? "household.add.title" : "household.edit.title", form);
        return CitizenPages.page(t, city, title, "pages/memberForm.jte", p, status);
    }

    @GET
    @Path("c/{code}/me/household/{id}/delete")
    public Response confirmRemove(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        Text t = text();
        HouseholdMember m = member(id);
        Map<String, Object> p = CitizenPages.params(t, city, request);
        p.put("id", m.id().toString());
        p.put("name", m.fullName());
        return CitizenPages.page(t, city, t.plain("household.remove.title"), "pages/removeMember.jte", p, 200);
    }

    @POST
    @Path("c/{code}/me/household/{id}/delete")
    public Response remove(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        try {
            records.removeMember(uuid(id));
        } catch (ProblemException e) {
            if (e.status() != 404) {
                throw e;
            }
            throw new NotFoundException();
        }
        return Response.seeOther(URI.create("/c/" + city.code() + "/me/household?saved=1")).build();
    }

    // ---------------------------------------------------------------- helpers

    private Text text() {
        return language.text(PortalPages.MESSAGES);
    }

    /** A form's title, marked as having errors in the browser's tab and history (GOV.UK's "Error: …"). */
    private static String title(Text t, String key, FormState form) {
        return form.hasErrors() ? t.plain("profile.titleError", t.plain(key)) : t.plain(key);
    }

    /** The posted form, read through the servlet request (a filter may already have parsed the body). */
    private Map<String, List<String>> form() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> m.put(k, List.of(v)));
        return m;
    }

    private static FormState state(Map<String, String> values) {
        FormState f = FormState.empty();
        values.forEach(f::value);
        return f;
    }

    /** What was typed and the errors in the form's order, each in the page's language. */
    static FormState invalid(Text t, Map<String, String> values, Map<String, String> errors, String[] order) {
        FormState f = state(values);
        for (String field : order) {
            if (errors.containsKey(field)) {
                f.error(field, CitizenText.message(t, errors.get(field)));
            }
        }
        errors.forEach((field, m) -> {
            if (f.error(field) == null) {
                f.error(field, CitizenText.message(t, m));
            }
        });
        return f;
    }

    private HouseholdMember member(String id) {
        try {
            return records.member(uuid(id));
        } catch (ProblemException e) {
            if (e.status() == 404 || e.status() == 409) {
                throw new NotFoundException();
            }
            throw e;
        }
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException();
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
