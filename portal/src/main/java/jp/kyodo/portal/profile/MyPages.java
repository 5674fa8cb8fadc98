package jp.kyodo.portal.profile;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.crm.citizens.CitizenRecord;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.crm.citizens.CitizenValidation;
import jp.kyodo.crm.citizens.Consent;
import jp.kyodo.crm.citizens.ConsentChange;
import jp.kyodo.crm.citizens.ConsentPurpose;
import jp.kyodo.crm.citizens.HouseholdMember;
import jp.kyodo.crm.citizens.InvalidCitizenData;
import jp.kyodo.crm.citizens.MemberDraft;
import jp.kyodo.crm.citizens.Profile;
import jp.kyodo.crm.citizens.ProfileDraft;
import jp.kyodo.crm.notifications.Inbox;
import jp.kyodo.portal.notices.Notice;
import jp.kyodo.portal.notices.NoticeService;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * マイページ and the citizen's own record: {@code /c/<code>/me}, {@code …/me/profile}, {@code …/me/household},
 * {@code …/me/consents}. Forms post back to the same address; an invalid form answers 400 with every error listed at
 * the top and next to its field, and what was typed kept. A valid form saves in one transaction and redirects.
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class MyPages {

    /** Role names in Japanese, most privileged first. */
    static final Map<String, String> ROLE_LABELS = new LinkedHashMap<>();

    static {
        ROLE_LABELS.put("city-admin", "自治体管理者");
        ROLE_LABELS.put("staff", "職員");
        ROLE_LABELS.put("operator", "オペレーター");
        ROLE_LABELS.put("citizen", "市民");
        ROLE_LABELS.put("vendor", "運営事業者");
        ROLE_LABELS.put("national-analyst", "国の事業担当者");
    }

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 H:mm");

    @Inject
    SecurityContext security;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    CitizenRecords records;
    @Inject
    Inbox inbox;
    @Inject
    NoticeService notices;
    @Context
    HttpServletRequest request;

    // ---------------------------------------------------------------- my page

    @GET
    @Path("c/{code}/me")
    public Response me(@PathParam("code") String code) {
        City city = tenant.city();
        Optional<Response> refused = SignedInCitizen.refuse(security, request, city, code);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<CitizenRecord> record = records.mine();
        long unread = inbox.unreadCount();
        String c = "/c/" + Html.escape(city.code());
        StringBuilder b = new StringBuilder("<h1>マイページ</h1>");
        String name = record.map(r -> r.profile().fullName()).orElse(SignedIn.displayName(request, identity.username()));
        b.append("<dl class=\"record\"><dt>お名前</dt><dd>").append(Html.escape(name))
                .append("</dd><dt>ユーザー名</dt><dd>").append(Html.escape(identity.username()))
                .append("</dd><dt>自治体</dt><dd>").append(Html.escape(city.prefecture() + city.name()))
                .append("</dd><dt>役割</dt><dd>").append(Html.escape(roleLabels())).append("</dd></dl>");
        if (record.isEmpty()) {
            b.append("<p class=\"notice\">登録情報（プロフィール）がまだありません。<a href=\"").append(c)
                    .append("/me/profile/edit\">登録情報を入力する</a>と、受けられそうな制度をご案内できます。</p>");
        }
        b.append("<nav aria-labelledby=\"menu-title\"><h2 id=\"menu-title\">メニュー</h2><ul>")
                .append("<li><a href=\"").append(c).append("/me/inbox\">お知らせ（受信箱）</a>")
                .append(unread > 0 ? "：<strong>未読 " + unread + " 件</strong>" : "：未読はありません").append("</li>")
                .append("<li><a href=\"").append(c).append("/me/profile\">登録情報（プロフィール）</a></li>")
                .append("<li><a href=\"").append(c).append("/me/household\">世帯の情報</a></li>")
                .append("<li><a href=\"").append(c).append("/me/programmes\">受けられそうな制度・手当</a></li>")
                .append("<li><a href=\"").append(c).append("/life-events\">くらしの出来事から手続きを探す</a></li>")
                .append("<li><a href=\"").append(c).append("/inquiries\">お問い合わせ</a></li>")
                .append("<li><a href=\"").append(c).append("/ask\">AIコンシェルジュに質問する</a></li>")
                .append("<li><a href=\"").append(c).append("/me/consents\">同意の確認・変更</a></li>")
                .append("</ul></nav>");
        boolean staffView = identity.hasRole("staff") || identity.hasRole("city-admin") || identity.hasRole("operator");
        b.append("<h2>").append(staffView ? "お知らせ（職員向け一覧）" : Html.escape(city.name()) + "からのお知らせ").append("</h2><ul>");
        for (Notice n : notices.list(!staffView)) {
            b.append("<li>").append(Html.escape(n.title())).append(n.published() ? "" : "（下書き）").append("</li>");
        }
        b.append("</ul>").append(PageShell.signOutForm());
        return ok(city, "マイページ", b.toString());
    }

    // ---------------------------------------------------------------- profile

    @GET
    @Path("c/{code}/me/profile")
    public Response profile(@PathParam("code") String code, @QueryParam("saved") String saved) {
        City city = tenant.city();
        Optional<Response> refused = SignedInCitizen.refuse(security, request, city, code);
        if (refused.isPresent()) {
            return refused.get();
        }
        String c = "/c/" + Html.escape(city.code());
        Optional<CitizenRecord> record = records.mine();
        StringBuilder b = new StringBuilder("<h1>登録情報（プロフィール）</h1>");
        if (saved != null) {
            b.append("<p class=\"notice\" role=\"status\">登録情報を保存しました。</p>");
        }
        if (record.isEmpty()) {
            b.append("<p>まだ登録されていません。</p><p><a href=\"").append(c).append("/me/profile/edit\">登録情報を入力する</a></p>");
        } else {
            Profile p = record.get().profile();
            b.append("<dl class=\"record\">");
            dd(b, "お名前（氏名）", p.fullName());
            dd(b, "ふりがな", p.fullNameKana());
            dd(b, "生年月日", p.birthDate() == null ? "未登録" : p.birthDateText());
            dd(b, "住所", (p.postalCode() == null ? "" : "〒" + p.postalCode() + " ") + nz(p.prefecture()) + nz(p.municipality())
                    + nz(p.street()));
            dd(b, "電話番号", p.phone() == null ? "未登録" : p.phone());
            dd(b, "メールアドレス", p.email() == null ? "未登録" : p.email());
            dd(b, "ご希望の言語", ProfileForms.LANGUAGES.stream().filter(l -> l[0].equals(p.language())).map(l -> l[1])
                    .findFirst().orElse(p.language()));
            dd(b, "お知らせの受け取り方", p.channels().contains("email") ? "マイページの受信箱とメール" : "マイページの受信箱");
            dd(b, "障害者手帳・学年", ProfileForms.factsText(p.facts()));
            dd(b, "ひとり親", p.singleParent() ? "はい" : "いいえ");
            dd(b, "控除後の所得（年額）", p.incomeAfterDeductions() == null ? "わからない・未登録"
                    : String.format("%,d円", p.incomeAfterDeductions()));
            b.append("</dl><p><a href=\"").append(c).append("/me/profile/edit\">登録情報を変更する</a></p>")
                    .append("<p><a href=\"").append(c).append("/me/household\">世帯の情報を見る</a></p>");
        }
        b.append("<p><a href=\"").append(c).append("/me\">マイページへ戻る</a></p>");
        return ok(city, "登録情報", b.toString());
    }

    @GET
    @Path("c/{code}/me/profile/edit")
    public Response editProfile(@PathParam("code") String code) {
        City city = tenant.city();
        Optional<Response> refused = SignedInCitizen.refuse(security, request, city, code);
        if (refused.isPresent()) {
            return refused.get();
        }
        Profile p = records.mine().map(CitizenRecord::profile).orElse(null);
        return ok(city, "登録情報の入力", profileForm(city, ProfileForms.values(p), Map.of()));
    }

    @POST
    @Path("c/{code}/me/profile")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveProfile(@PathParam("code") String code) {
        City city = tenant.city();
        Optional<Response> refused = SignedInCitizen.refuse(security, request, city, code);
        if (refused.isPresent()) {
            return refused.get();
        }
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
        return invalid(city, "登録情報の入力", profileForm(city, parsed.values(), ordered(errors, ProfileForms.PROFILE_FIELDS)));
    }

    private static String profileForm(City city, Map<String, String> v, Map<String, String> e) {
        String c = "/c/" + Html.escape(city.code());
        StringBuilder b = new StringBuilder("<h1>登録情報の入力</h1>").append(FormKit.errorSummary(e))
                .append("<p>＊の項目は必須です。それ以外は、わかる範囲で入力してください。入力した内容は、受けられそうな制度のご案内と、")
                .append("お問い合わせへの対応に使います。</p>")
                .append("<form method=\"post\" action=\"").append(c).append("/me/profile\" accept-charset=\"UTF-8\" novalidate>")
                .append("<fieldset><legend>ご本人</legend>")
                .append(FormKit.input("fullName", "お名前（氏名）＊", "text", "例：尼崎 太郎", v, e, "autocomplete=\"name\" required"))
                .append(FormKit.input("fullNameKana", "ふりがな＊", "text", "ひらがなまたはカタカナ。例：あまがさき たろう", v, e, "required"))
                .append(FormKit.input("birthDate", "生年月日", "date", "西暦で入力してください。例：1985-04-01（昭和60年4月1日）", v, e,
                        "autocomplete=\"bday\""))
                .append("</fieldset><fieldset><legend>住所と連絡先</legend>")
                .append(FormKit.input("postalCode", "郵便番号", "text", "7桁の数字。例：660-8501", v, e,
                        "autocomplete=\"postal-code\" inputmode=\"numeric\""))
                .append(FormKit.select("prefecture", "都道府県", null, ProfileForms.prefectures(), v, e))
                .append(FormKit.input("municipality", "市区町村", "text", null, v, e, "autocomplete=\"address-level2\""))
                .append(FormKit.input("street", "町名・番地・建物名", "text", null, v, e, "autocomplete=\"street-address\""))
                .append(FormKit.input("phone", "電話番号", "tel", "例：06-1234-5678", v, e, "autocomplete=\"tel\""))
                .append(FormKit.input("email", "メールアドレス", "email", null, v, e, "autocomplete=\"email\""))
                .append(FormKit.select("language", "ご希望の言語", null, ProfileForms.LANGUAGES, v, e))
                .append(FormKit.checkbox("emailNotifications", "お知らせをメールでも受け取る",
                        "お知らせはいつもマイページの受信箱に届きます。", v, e))
                .append("</fieldset><fieldset><legend>制度のご案内に使う情報（任意）</legend>")
                .append(FormKit.select("physicalHandbook", "身体障害者手帳の等級", null, ProfileForms.grades(7), v, e))
                .append(FormKit.select("ryoikuHandbook", "療育手帳の判定", null, ProfileForms.RYOIKU, v, e))
                .append(FormKit.select("mentalHandbook", "精神障害者保健福祉手帳の等級", null, ProfileForms.grades(3), v, e))
                .append(FormKit.select("schoolYear", "学年（学生の方）", null, ProfileForms.schoolYears(), v, e))
                .append(FormKit.checkbox("singleParent", "ひとり親です",
                        "配偶者がいない、または配偶者に重度の障害があるなどで、ひとりでお子さんを育てている場合", v, e))
                .append(FormKit.input("incomeAfterDeductions", "控除後の所得（年額・円）", "text",
                        "わからない場合は空欄のままにしてください。例：2500000", v, e, "inputmode=\"numeric\""))
                .append("</fieldset><p><button type=\"submit\">保存する</button></p></form>")
                .append("<p><a href=\"").append(c).append("/me/profile\">保存せずに戻る</a></p>");
        return b.toString();
    }

    // ---------------------------------------------------------------- household

    @GET
    @Path("c/{code}/me/household")
    public Response household(@PathParam("code") String code, @QueryParam("saved") String saved) {
        City city = tenant.city();
        Optional<Response> refused = SignedInCitizen.refuse(security, request, city, code);
        if (refused.isPresent()) {
            return refused.get();
        }
        String c = "/c/" + Html.escape(city.code());
        Optional<CitizenRecord> record = records.mine();
        StringBuilder b = new StringBuilder("<h1>世帯の情報</h1>");
        if (saved != null) {
            b.append("<p class=\"notice\" role=\"status\">世帯の情報を保存しました。</p>");
        }
        if (record.isEmpty()) {
            b.append("<p>先にご本人の<a href=\"").append(c).append("/me/profile/edit\">登録情報</a>を入力してください。</p>");
            return ok(city, "世帯の情報", b.append(back(c)).toString());
        }
        List<HouseholdMember> members = record.get().household();
        b.append("<p>一緒に暮らしているご家族（世帯員）を登録すると、受けられそうな制度をより正確にご案内できます。</p>");
        if (members.isEmpty()) {
            b.append("<p>まだ登録されていません。</p>");
        } else {
            b.append("<table><caption>世帯員の一覧</caption><thead><tr><th scope=\"col\">お名前</th><th scope=\"col\">続柄</th>")
                    .append("<th scope=\"col\">生年月日</th><th scope=\"col\">代理</th><th scope=\"col\">手帳・学年</th>")
                    .append("<th scope=\"col\">操作</th></tr></thead><tbody>");
            for (HouseholdMember m : members) {
                String id = m.id().toString();
                b.append("<tr><th scope=\"row\">").append(Html.escape(m.fullName())).append("<br><small>")
                        .append(Html.escape(m.fullNameKana())).append("</small></th><td>")
                        .append(Html.escape(m.relationship().label())).append("</td><td>")
                        .append(Html.escape(m.birthDate() == null ? "未登録" : m.birthDateText())).append("</td><td>")
                        .append(m.actsFor() ? "代理します" : "—").append("</td><td>")
                        .append(Html.escape(ProfileForms.factsText(m.facts()))).append("</td><td><a href=\"").append(c)
                        .append("/me/household/").append(id).append("/edit\">").append(Html.escape(m.fullName()))
                        .append("さんの情報を変更</a><br><a href=\"").append(c).append("/me/household/").append(id)
                        .append("/delete\">").append(Html.escape(m.fullName())).append("さんを削除</a></td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<p><a href=\"").append(c).append("/me/household/new\">世帯員を追加する</a></p>").append(back(c));
        return ok(city, "世帯の情報", b.toString());
    }

    @GET
    @Path("c/{code}/me/household/new")
    public Response newMember(@PathParam("code") String code) {
        City city = tenant.city();
        Optional<Response> refused = SignedInCitizen.refuse(security, request, city, code);
        if (refused.isPresent()) {
            return refused.get();
        }
        return ok(city, "世帯員の追加", memberForm(city, null, new LinkedHashMap<>(), Map.of()));
    }

    @POST
    @Path("c/{code}/me/household")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addMember(@PathParam("code") String code) {
        return saveMember(code, null, form());
    }

    @GET
    @Path("c/{code}/me/household/{id}/edit")
    public Response editMember(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        Optional<Response> refused = SignedInCitizen.refuse(security, request, city, code);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<HouseholdMember> found = member(id);
        if (found.isEmpty()) {
            return notFound(city);
        }
        HouseholdMember m = found.get();
        return ok(city, "世帯員の変更", memberForm(city, m.id(), ProfileForms.values(m), Map.of()));
    }

    @POST
    @Path("c/{code}/me/household/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response updateMember(@PathParam("code") String code, @PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = uuid(id);
        } catch (ProblemException e) {
            return notFound(tenant.city());
        }
        return saveMember(code, uuid, form());
    }

    private Response saveMember(String code, UUID id, Map<String, List<String>> form) {
        City city = tenant.city();
        Optional<Response> refused = SignedInCitizen.refuse(security, request, city, code);
        if (refused.isPresent()) {
            return refused.get();
        }
        ProfileForms.Parsed<MemberDraft> parsed = ProfileForms.member(form);
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
                    return notFound(city);
                }
                if (e.status() != 409) {
                    throw e;
                }
                return Response.status(409).entity(PageShell.render("ja", "世帯の情報", city, "<h1>世帯の情報</h1>"
                        + "<p role=\"alert\">" + Html.escape(e.detail()) + "</p>" + back("/c/" + Html.escape(city.code()))))
                        .build();
            }
        } else {
            CitizenValidation.check(parsed.draft(), CitizenRecords.today()).errors().forEach(errors::putIfAbsent);
        }
        return invalid(city, id == null ? "世帯員の追加" : "世帯員の変更",
                memberForm(city, id, parsed.values(), ordered(errors, ProfileForms.MEMBER_FIELDS)));
    }

    private static String memberForm(City city, UUID id, Map<String, String> v, Map<String, String> e) {
        String c = "/c/" + Html.escape(city.code());
        String action = c + "/me/household" + (id == null ? "" : "/" + id);
        if (!v.containsKey("actsFor")) {
            v.put("actsFor", "");
        }
        return new StringBuilder("<h1>").append(id == null ? "世帯員の追加" : "世帯員の変更").append("</h1>")
                .append(FormKit.errorSummary(e)).append("<p>＊の項目は必須です。</p>")
                .append("<form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\" novalidate>")
                .append(FormKit.input("fullName", "お名前（氏名）＊", "text", null, v, e, "required"))
                .append(FormKit.input("fullNameKana", "ふりがな＊", "text", "ひらがなまたはカタカナ", v, e, "required"))
                .append(FormKit.select("relationship", "あなたとの続柄＊", null, ProfileForms.relationships(), v, e))
                .append(FormKit.input("birthDate", "生年月日", "date", "西暦で入力してください。例：2020-06-15", v, e, null))
                .append(FormKit.select("actsFor", "この方の手続きを代わりに行いますか", null, ProfileForms.ACTS_FOR, v, e))
                .append("<fieldset><legend>制度のご案内に使う情報（任意）</legend>")
                .append(FormKit.select("physicalHandbook", "身体障害者手帳の等級", null, ProfileForms.grades(7), v, e))
                .append(FormKit.select("ryoikuHandbook", "療育手帳の判定", null, ProfileForms.RYOIKU, v, e))
                .append(FormKit.select("mentalHandbook", "精神障害者保健福祉手帳の等級", null, ProfileForms.grades(3), v, e))
                .append(FormKit.select("schoolYear", "学年", null, ProfileForms.schoolYears(), v, e))
                .append("</fieldset><p><button type=\"submit\">保存する</button></p></form>")
                .append("<p><a href=\"").append(c).append("/me/household\">保存せずに戻る</a></p>").toString();
    }

    @GET
    @Path("c/{code}/me/household/{id}/delete")
    public Response confirmRemove(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        Optional<Response> refused = SignedInCitizen.refuse(security, request, city, code);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<HouseholdMember> found = member(id);
        if (found.isEmpty()) {
            return notFound(city);
        }
        HouseholdMember m = found.get();
        String c = "/c/" + Html.escape(city.code());
        return ok(city, "世帯員の削除", "<h1>世帯員の削除</h1><p>" + Html.escape(m.fullName())
                + "さんを世帯の情報から削除しますか。</p><form method=\"post\" action=\"" + c + "/me/household/" + m.id()
                + "/delete\"><button type=\"submit\">削除する</button></form><p><a href=\"" + c
                + "/me/household\">削除せずに戻る</a></p>");
    }

    @POST
    @Path("c/{code}/me/household/{id}/delete")
    public Response remove(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        Optional<Response> refused = SignedInCitizen.refuse(security, request, city, code);
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            records.removeMember(uuid(id));
        } catch (ProblemException e) {
            if (e.status() != 404) {
                throw e;
            }
            return notFound(city);
        }
        return Response.seeOther(URI.create("/c/" + city.code() + "/me/household?saved=1")).build();
    }

    // ---------------------------------------------------------------- consents

    @GET
    @Path("c/{code}/me/consents")
    public Response consents(@PathParam("code") String code) {
        City city = tenant.city();
        Optional<Response> refused = SignedInCitizen.refuse(security, request, city, code);
        if (refused.isPresent()) {
            return refused.get();
        }
        return ok(city, "同意の確認・変更", consentsPage(city, records.myConsents(), records.mine()
                .map(CitizenRecord::consentHistory).orElse(List.of())));
    }

    @POST
    @Path("c/{code}/me/consents")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answer(@PathParam("code") String code) {
        City city = tenant.city();
        Optional<Response> refused = SignedInCitizen.refuse(security, request, city, code);
        if (refused.isPresent()) {
            return refused.get();
        }
        Map<String, List<String>> form = form();
        String given = FormKit.value(form, "given");
        try {
            records.answer(new ConsentChange(FormKit.value(form, "purpose"),
                    given == null ? null : Boolean.valueOf(given)));
        } catch (InvalidCitizenData e) {
            return invalid(city, "同意の確認・変更", "<p role=\"alert\">" + Html.escape(String.join(" ", e.fieldErrors().values()))
                    + "</p>" + consentsPage(city, records.myConsents(), List.of()));
        }
        String back = "programmes".equals(FormKit.value(form, "return")) ? "/me/programmes" : "/me/consents";
        return Response.seeOther(URI.create("/c/" + city.code() + back)).build();
    }

    private static String consentsPage(City city, List<Consent> current, List<Consent> history) {
        String c = "/c/" + Html.escape(city.code());
        StringBuilder b = new StringBuilder("<h1>同意の確認・変更</h1><p>いつでも同意し、また撤回できます。変更はすべて記録されます。</p>");
        for (ConsentPurpose p : ConsentPurpose.values()) {
            Consent now = current.stream().filter(x -> x.purpose().equals(p.code())).findFirst().orElse(null);
            String state = now == null ? "まだお答えいただいていません" : now.given()
                    ? "同意しています（" + WHEN.format(now.at().atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo"))) + "、第" + now.version() + "版）"
                    : "同意を撤回しています（" + WHEN.format(now.at().atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo"))) + "）";
            b.append("<section aria-labelledby=\"c-").append(p.code()).append("\"><h2 id=\"c-").append(p.code()).append("\">")
                    .append(Html.escape(p.label())).append("</h2><p class=\"status\">").append(Html.escape(state)).append("</p>")
                    .append("<form method=\"post\" action=\"").append(c).append("/me/consents\"><input type=\"hidden\" name=\"purpose\" value=\"")
                    .append(p.code()).append("\">");
            if (now == null || !now.given()) {
                b.append("<button type=\"submit\" name=\"given\" value=\"true\">同意する</button> ");
            }
            if (now == null || now.given()) {
                b.append("<button type=\"submit\" name=\"given\" value=\"false\">").append(now == null ? "同意しない" : "同意を撤回する")
                        .append("</button>");
            }
            b.append("</form></section>");
        }
        if (!history.isEmpty()) {
            b.append("<h2>これまでの記録</h2><table><thead><tr><th scope=\"col\">日時</th><th scope=\"col\">内容</th>")
                    .append("<th scope=\"col\">回答</th></tr></thead><tbody>");
            for (Consent h : history) {
                b.append("<tr><td>").append(WHEN.format(h.at().atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo"))))
                        .append("</td><td>").append(Html.escape(h.label())).append("</td><td>")
                        .append(h.given() ? "同意" : "撤回・不同意").append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        return b.append(back(c)).toString();
    }

    // ---------------------------------------------------------------- helpers

    private String roleLabels() {
        StringBuilder b = new StringBuilder();
        ROLE_LABELS.forEach((role, label) -> {
            if (identity.hasRole(role)) {
                b.append(b.length() == 0 ? "" : "、").append(label);
            }
        });
        return b.toString();
    }

    /** The posted form, read through the servlet request (a filter may already have parsed the body). */
    private Map<String, List<String>> form() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> m.put(k, List.of(v)));
        return m;
    }

    private Optional<HouseholdMember> member(String id) {
        try {
            return Optional.of(records.member(uuid(id)));
        } catch (ProblemException e) {
            if (e.status() == 404 || e.status() == 409) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static Response notFound(City city) {
        return Response.status(404).entity(PageShell.render("ja", "見つかりません — " + city.name(), city,
                "<h1>ページが見つかりません</h1><p>お探しの情報はないか、表示する権限がありません。</p>"
                        + back("/c/" + Html.escape(city.code())))).build();
    }

    static Response ok(City city, String title, String html) {
        return Response.ok(PageShell.render("ja", title + " — " + city.name(), city, FormKit.STYLE + html)).build();
    }

    static Response invalid(City city, String title, String html) {
        return Response.status(400).entity(PageShell.render("ja", "入力内容をご確認ください：" + title + " — " + city.name(),
                city, FormKit.STYLE + html)).build();
    }

    private static Map<String, String> ordered(Map<String, String> errors, String[] fields) {
        Map<String, String> o = new LinkedHashMap<>();
        for (String f : fields) {
            if (errors.containsKey(f)) {
                o.put(f, errors.get(f));
            }
        }
        errors.forEach(o::putIfAbsent);
        return o;
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("household-member");
        }
    }

    private static void dd(StringBuilder b, String term, String value) {
        b.append("<dt>").append(Html.escape(term)).append("</dt><dd>").append(Html.escape(value)).append("</dd>");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String back(String c) {
        return "<p><a href=\"" + c + "/me\">マイページへ戻る</a></p>";
    }
}
