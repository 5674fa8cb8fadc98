package jp.kyodo.admin.city;

import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.kyodo.admin.pages.AdminPages;
import jp.kyodo.admin.pages.CityAdminOnly;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.identity.CityMembers;
import jp.kyodo.tenant.identity.Member;
import jp.kyodo.tenant.identity.NewMember;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The city's staff accounts on a page ({@code /c/<code>/admin/members}, city administrators of that city only):
 * who has an account with which role and whether they use two-step sign-in; open an account for an operator, a staff
 * member or an administrator (with a first password they must change when they first sign in); change a member's role
 * (never the city's last administrator's); close an account after a confirmation page. Everything goes through {@link CityMembers}, the same service as the members API.
 */
@Path("c/{code}/admin/members")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@CityAdminOnly
public class MembersPages {

    /** The roles a city administrator gives on this page, by message key (citizens sign up themselves). */
    static final Map<String, String> ROLES = Map.of("operator", "members.role.operator", "staff", "members.role.staff",
            "city-admin", "members.role.cityAdmin", "citizen", "members.role.citizen");
    static final List<String> INVITABLE = List.of("operator", "staff", "city-admin");
    /** The roles a member's role can be changed to on the page, in the order shown. */
    static final List<String> CHANGEABLE = List.of("citizen", "operator", "staff", "city-admin");
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,62}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    @Inject
    TenantContext tenant;
    @Inject
    CityMembers members;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    @GET
    public Response list(@PathParam("code") String code, @QueryParam("done") String done) throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        City city = tenant.city();
        String doneKey = "invited".equals(done) ? "members.invited" : "removed".equals(done) ? "members.removed"
                : "role".equals(done) ? "members.changeRole.done" : null;
        return render(200, t, city, FormState.empty().value("role", "staff"), doneKey);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response invite(@PathParam("code") String code) throws Exception {
        MultivaluedMap<String, String> posted = AdminPages.posted(request);
        Text t = language.text(AdminPages.MESSAGES);
        City city = tenant.city();
        FormState form = FormState.empty();
        for (String f : List.of("username", "familyName", "givenName", "email", "role")) {
            form.value(f, posted.getFirst(f) == null ? "" : posted.getFirst(f).strip());
        }
        String password = posted.getFirst("password") == null ? "" : posted.getFirst("password");
        if (!FormToken.valid(request, posted.getFirst(FormToken.FIELD))) {
            form.error("username", t.t("form.expired"));
        } else if (!USERNAME.matcher(form.value("username")).matches()) {
            form.error("username", t.t("members.username.invalid"));
        }
        if (form.value("familyName").isEmpty() || form.value("familyName").length() > 50) {
            form.error("familyName", t.t("members.familyName.missing"));
        }
        if (form.value("givenName").isEmpty() || form.value("givenName").length() > 50) {
            form.error("givenName", t.t("members.givenName.missing"));
        }
        if (!EMAIL.matcher(form.value("email")).matches() || form.value("email").length() > 200) {
            form.error("email", t.t("members.email.invalid"));
        }
        if (!INVITABLE.contains(form.value("role"))) {
            form.error("role", t.t("members.role.missing"));
        }
        if (password.length() < 8 || password.length() > 128) {
            form.error("password", t.t("members.password.short"));
        }
        if (!form.hasErrors()) {
            try {
                members.add(new NewMember(form.value("username"), form.value("familyName"), form.value("givenName"),
                        form.value("email"), form.value("role"), password, true));
                return Response.seeOther(URI.create("/c/" + city.code() + "/admin/members?done=invited")).build();
            } catch (ProblemException e) {
                if (e.status() != 409) {
                    throw e;
                }
                form.error("username", t.t("members.username.taken"));
            }
        }
        return render(400, t, city, form, null);
    }

    @GET
    @Path("{id}/remove")
    public Response confirmRemove(@PathParam("code") String code, @PathParam("id") String id) throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        City city = tenant.city();
        Member m = member(id);
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("member", m);
        p.put("roleKey", ROLES.getOrDefault(m.role(), "members.role.staff"));
        p.put("request", request);
        p.put("action", "/c/" + city.code() + "/admin/members/" + m.id() + "/remove");
        p.put("back", "/c/" + city.code() + "/admin/members");
        return AdminPages.page(200, t, t.plain("members.remove.title"), city, "city/removeMember.jte", p);
    }

    @POST
    @Path("{id}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@PathParam("code") String code, @PathParam("id") String id) throws Exception {
        MultivaluedMap<String, String> posted = AdminPages.posted(request);
        Text t = language.text(AdminPages.MESSAGES);
        City city = tenant.city();
        Member m = member(id);
        if (!FormToken.valid(request, posted.getFirst(FormToken.FIELD))) {
            return Response.seeOther(URI.create("/c/" + city.code() + "/admin/members/" + m.id() + "/remove")).build();
        }
        members.remove(m.id());
        return Response.seeOther(URI.create("/c/" + city.code() + "/admin/members?done=removed")).build();
    }

    @GET
    @Path("{id}/role")
    public Response roleForm(@PathParam("code") String code, @PathParam("id") String id) throws Exception {
        Text t = language.text(AdminPages.MESSAGES);
        Member m = member(id);
        return roleForm(200, t, tenant.city(), m, FormState.empty().value("role", m.role()));
    }

    /**
     * Changes a member's role in this city (their roles in other cities stay); it applies from their next request.
     * The city's last administrator cannot be made something else here (the city would have nobody to administer it).
     */
    @POST
    @Path("{id}/role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeRole(@PathParam("code") String code, @PathParam("id") String id) throws Exception {
        MultivaluedMap<String, String> posted = AdminPages.posted(request);
        Text t = language.text(AdminPages.MESSAGES);
        City city = tenant.city();
        Member m = member(id);
        String role = posted.getFirst("role") == null ? "" : posted.getFirst("role").strip();
        FormState form = FormState.empty().value("role", role);
        if (!FormToken.valid(request, posted.getFirst(FormToken.FIELD))) {
            form.error("role", t.t("form.expired"));
        } else if (!ROLES.containsKey(role)) {
            form.error("role", t.t("members.role.missing"));
        } else {
            try {
                members.changeRole(m.id(), role);
                return Response.seeOther(URI.create("/c/" + city.code() + "/admin/members?done=role")).build();
            } catch (ProblemException e) {
                if (e.status() != 409) {
                    throw e;
                }
                form.error("role", t.t("members.changeRole.lastAdmin"));
            }
        }
        return roleForm(400, t, city, m, form);
    }

    private Response roleForm(int status, Text t, City city, Member m, FormState form) {
        List<Ui.Option> roles = new ArrayList<>();
        for (String r : CHANGEABLE) {
            roles.add(new Ui.Option(r, t.t(ROLES.get(r)), false));
        }
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("member", m);
        p.put("roleKey", ROLES.getOrDefault(m.role(), "members.role.staff"));
        p.put("form", form);
        p.put("roles", roles);
        p.put("request", request);
        p.put("action", "/c/" + city.code() + "/admin/members/" + m.id() + "/role");
        p.put("back", "/c/" + city.code() + "/admin/members");
        return AdminPages.page(status, t, (status == 400 ? t.plain("members.changeRole.errorTitle") + " " : "")
                + t.plain("members.changeRole.title"), city, "city/changeRole.jte", p);
    }

    /** A member of this city (another city's id, or none, is not found). */
    private Member member(String id) {
        try {
            return members.get(UUID.fromString(id));
        } catch (IllegalArgumentException | ProblemException e) {
            throw new jakarta.ws.rs.NotFoundException();
        }
    }

    private Response render(int status, Text t, City city, FormState form, String doneKey) {
        String base = "/c/" + city.code() + "/admin/members";
        List<List<Content>> rows = new ArrayList<>();
        for (Member m : members.list()) {
            Optional<Boolean> twoStep = members.usesTwoStepSignIn(m.id());
            rows.add(List.of(Ui.text(m.displayName()), Ui.text(m.username()),
                    Ui.tag("info", t.t(ROLES.getOrDefault(m.role(), "members.role.staff"))),
                    twoStep.isEmpty() ? Ui.tag("warning", t.t("members.twoStep.unknown"))
                            : twoStep.get() ? Ui.tag("success", t.t("members.twoStep.on")) : Ui.tag("info", t.t("members.twoStep.off")),
                    AdminPages.TEMPLATES.content("city/memberActions.jte", Map.of("t", t, "base", base + "/" + m.id(),
                            "name", m.displayName()))));
        }
        List<Content> headers = List.of(t.t("members.col.name"), t.t("members.col.username"), t.t("members.col.role"),
                t.t("members.col.twoStep"), t.t("members.col.actions"));
        List<Ui.Option> roles = new ArrayList<>();
        for (String r : INVITABLE) {
            roles.add(new Ui.Option(r, t.t(ROLES.get(r)), false));
        }
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("form", form);
        p.put("request", request);
        p.put("base", base);
        p.put("table", Ui.table(t.t("members.caption"), headers, rows));
        p.put("roles", roles);
        p.put("doneKey", doneKey);
        return AdminPages.page(status, t, t.plain("members.title"), city, "city/members.jte", p);
    }
}
