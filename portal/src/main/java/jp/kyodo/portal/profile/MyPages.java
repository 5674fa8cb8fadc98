package jp.kyodo.portal.profile;

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
import jp.kyodo.crm.citizens.HouseholdMember;
import jp.kyodo.crm.citizens.InvalidCitizenData;
import jp.kyodo.crm.citizens.MemberDraft;
import jp.kyodo.crm.citizens.Profile;
import jp.kyodo.crm.citizens.ProfileDraft;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The citizen's own record: {@code /c/<code>/me/profile}, {@code …/me/household} (マイページ itself is {@link MyPage},
 * the consents {@link ConsentsPage}). Forms post back to the same address; an invalid form answers 400 with every error listed at
 * the top and next to its field, and what was typed kept. A valid form saves in one transaction and redirects.
 */
@Path("")
@CitizenPage
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class MyPages {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 H:mm");

    @Inject
    TenantContext tenant;
    @Inject
    CitizenRecords records;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    // ---------------------------------------------------------------- profile

    @GET
    @Path("c/{code}/me/profile")
    public Response profile(@PathParam("code") String code, @QueryParam("saved") String saved) {
        City city = tenant.city();
        PageLanguage l = language;
        boolean en = l.english();
        String c = "/c/" + Html.escape(city.code());
        Optional<CitizenRecord> record = records.mine();
        StringBuilder b = new StringBuilder("<h1>").append(l.pick("登録情報（プロフィール）", "Your profile")).append("</h1>");
        if (saved != null) {
            b.append("<p class=\"notice\" role=\"status\">").append(l.pick("登録情報を保存しました。", "Your profile has been saved."))
                    .append("</p>");
        }
        if (record.isEmpty()) {
            b.append("<p>").append(l.pick("まだ登録されていません。", "Nothing registered yet.")).append("</p><p><a href=\"").append(c)
                    .append("/me/profile/edit\">").append(l.pick("登録情報を入力する", "Fill in your profile")).append("</a></p>");
        } else {
            Profile p = record.get().profile();
            String none = l.pick("未登録", "Not registered");
            b.append("<dl class=\"record\">");
            dd(b, l.pick("お名前（氏名）", "Full name"), p.fullName());
            dd(b, l.pick("ふりがな", "Furigana (reading)"), p.fullNameKana());
            dd(b, l.pick("生年月日", "Date of birth"), p.birthDate() == null ? none : en ? CitizenText.date(p.birthDate(), true)
                    : p.birthDateText());
            dd(b, l.pick("住所", "Address"), (p.postalCode() == null ? "" : "〒" + p.postalCode() + " ") + nz(p.prefecture())
                    + nz(p.municipality()) + nz(p.street()));
            dd(b, l.pick("電話番号", "Phone"), p.phone() == null ? none : p.phone());
            dd(b, l.pick("メールアドレス", "E-mail"), p.email() == null ? none : p.email());
            dd(b, l.pick("ご希望の言語", "Preferred language"), ProfileForms.LANGUAGES.stream().filter(x -> x[0].equals(p.language()))
                    .map(x -> x[1]).findFirst().orElse(p.language()));
            dd(b, l.pick("お知らせの受け取り方", "How you receive notices"), p.channels().contains("email")
                    ? l.pick("マイページの受信箱とメール", "Inbox on My page and e-mail") : l.pick("マイページの受信箱", "Inbox on My page"));
            dd(b, l.pick("障害者手帳・学年", "Disability certificates, school year"), ProfileForms.factsText(p.facts(), en));
            dd(b, l.pick("ひとり親", "Single parent"), p.singleParent() ? l.pick("はい", "Yes") : l.pick("いいえ", "No"));
            dd(b, l.pick("控除後の所得（年額）", "Income after deductions (per year)"), p.incomeAfterDeductions() == null
                    ? l.pick("わからない・未登録", "Unknown or not registered")
                    : en ? String.format(java.util.Locale.ROOT, "¥%,d", p.incomeAfterDeductions())
                    : String.format("%,d円", p.incomeAfterDeductions()));
            b.append("</dl><p><a href=\"").append(c).append("/me/profile/edit\">").append(l.pick("登録情報を変更する", "Change your profile"))
                    .append("</a></p><p><a href=\"").append(c).append("/me/household\">")
                    .append(l.pick("世帯の情報を見る", "See your household")).append("</a></p>");
        }
        b.append(back(c, en));
        return ok(city, l.pick("登録情報", "Profile"), b.toString());
    }

    @GET
    @Path("c/{code}/me/profile/edit")
    public Response editProfile(@PathParam("code") String code) {
        City city = tenant.city();
        Profile p = records.mine().map(CitizenRecord::profile).orElse(null);
        return ok(city, language.pick("登録情報の入力", "Your profile"), profileForm(city, ProfileForms.values(p), Map.of(), language));
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
        return invalid(city, language.pick("登録情報の入力", "Your profile"), profileForm(city, parsed.values(),
                CitizenText.messages(ordered(errors, ProfileForms.PROFILE_FIELDS), language.english()), language));
    }

    private static String profileForm(City city, Map<String, String> v, Map<String, String> e, PageLanguage l) {
        if (l.english()) {
            return profileFormEnglish(city, v, e);
        }
        String c = "/c/" + Html.escape(city.code());
        StringBuilder b = new StringBuilder("<h1>登録情報の入力</h1>").append(FormKit.errorSummary(e))
                .append("<p>＊の項目は必須です。それ以外は、わかる範囲で入力してください。入力した内容は、受けられそうな制度のご案内と、")
                .append("お問い合わせへの対応に使います。</p>")
                .append("<form method=\"post\" action=\"").append(c).append("/me/profile\" accept-charset=\"UTF-8\" novalidate>").append(FormToken.hidden())
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

    /** The profile form in English: same fields, names and order as the Japanese one. */
    private static String profileFormEnglish(City city, Map<String, String> v, Map<String, String> e) {
        String c = "/c/" + Html.escape(city.code());
        return new StringBuilder("<h1>Your profile</h1>").append(FormKit.errorSummary(e, true))
                .append("<p>Fields marked ＊ are required. Fill in the others as far as you know them. What you enter is used to ")
                .append("show the programmes you may be able to receive and to answer your inquiries.</p>")
                .append("<form method=\"post\" action=\"").append(c).append("/me/profile\" accept-charset=\"UTF-8\" novalidate>").append(FormToken.hidden())
                .append("<fieldset><legend>You</legend>")
                .append(FormKit.input("fullName", "Full name ＊", "text", "As registered in Japan, for example: 尼崎 太郎", v, e,
                        "autocomplete=\"name\" required"))
                .append(FormKit.input("fullNameKana", "Furigana (reading of the name) ＊", "text",
                        "In hiragana or katakana, for example: あまがさき たろう", v, e, "required"))
                .append(FormKit.input("birthDate", "Date of birth", "date", "Year-month-day, for example: 1985-04-01", v, e,
                        "autocomplete=\"bday\""))
                .append("</fieldset><fieldset><legend>Address and contact</legend>")
                .append(FormKit.input("postalCode", "Postal code", "text", "7 digits, for example: 660-8501", v, e,
                        "autocomplete=\"postal-code\" inputmode=\"numeric\""))
                .append(FormKit.select("prefecture", "Prefecture", null, ProfileForms.prefectures(true), v, e))
                .append(FormKit.input("municipality", "City, ward, town or village", "text", null, v, e,
                        "autocomplete=\"address-level2\""))
                .append(FormKit.input("street", "Street, number and building", "text", null, v, e,
                        "autocomplete=\"street-address\""))
                .append(FormKit.input("phone", "Phone", "tel", "For example: 06-1234-5678", v, e, "autocomplete=\"tel\""))
                .append(FormKit.input("email", "E-mail", "email", null, v, e, "autocomplete=\"email\""))
                .append(FormKit.select("language", "Preferred language", null, ProfileForms.LANGUAGES, v, e))
                .append(FormKit.checkbox("emailNotifications", "Also send me notices by e-mail",
                        "Notices always arrive in the inbox on My page.", v, e))
                .append("</fieldset><fieldset><legend>Used to find programmes for you (optional)</legend>")
                .append(FormKit.select("physicalHandbook", "Physical disability certificate (身体障害者手帳), grade", null,
                        ProfileForms.grades(7, true), v, e))
                .append(FormKit.select("ryoikuHandbook", "Intellectual disability certificate (療育手帳), level", null,
                        ProfileForms.RYOIKU_EN, v, e))
                .append(FormKit.select("mentalHandbook", "Mental disability certificate (精神障害者保健福祉手帳), grade", null,
                        ProfileForms.grades(3, true), v, e))
                .append(FormKit.select("schoolYear", "School year (students)", null, ProfileForms.schoolYears(true), v, e))
                .append(FormKit.checkbox("singleParent", "I am a single parent",
                        "You raise your children alone: no spouse, or a spouse with a severe disability, for example.", v, e))
                .append(FormKit.input("incomeAfterDeductions", "Income after deductions (yen per year)", "text",
                        "Leave it blank if you don't know. For example: 2500000", v, e, "inputmode=\"numeric\""))
                .append("</fieldset><p><button type=\"submit\">Save</button></p></form>")
                .append("<p><a href=\"").append(c).append("/me/profile\">Back without saving</a></p>").toString();
    }

    // ---------------------------------------------------------------- household

    @GET
    @Path("c/{code}/me/household")
    public Response household(@PathParam("code") String code, @QueryParam("saved") String saved) {
        City city = tenant.city();
        PageLanguage l = language;
        boolean en = l.english();
        String c = "/c/" + Html.escape(city.code());
        Optional<CitizenRecord> record = records.mine();
        String title = l.pick("世帯の情報", "Your household");
        StringBuilder b = new StringBuilder("<h1>").append(title).append("</h1>");
        if (saved != null) {
            b.append("<p class=\"notice\" role=\"status\">").append(l.pick("世帯の情報を保存しました。", "Your household has been saved."))
                    .append("</p>");
        }
        if (record.isEmpty()) {
            b.append(l.pick("<p>先にご本人の<a href=\"" + c + "/me/profile/edit\">登録情報</a>を入力してください。</p>",
                    "<p>First fill in <a href=\"" + c + "/me/profile/edit\">your own profile</a>.</p>"));
            return ok(city, title, b.append(back(c, en)).toString());
        }
        List<HouseholdMember> members = record.get().household();
        b.append("<p>").append(l.pick("一緒に暮らしているご家族（世帯員）を登録すると、受けられそうな制度をより正確にご案内できます。",
                "Register the family members who live with you (your household) and the programmes shown for you get more accurate."))
                .append("</p>");
        if (members.isEmpty()) {
            b.append("<p>").append(l.pick("まだ登録されていません。", "Nobody registered yet.")).append("</p>");
        } else {
            b.append("<table><caption>").append(l.pick("世帯員の一覧", "Household members")).append("</caption><thead><tr><th scope=\"col\">")
                    .append(l.pick("お名前", "Name")).append("</th><th scope=\"col\">").append(l.pick("続柄", "Relationship"))
                    .append("</th><th scope=\"col\">").append(l.pick("生年月日", "Date of birth")).append("</th><th scope=\"col\">")
                    .append(l.pick("代理", "You act for them")).append("</th><th scope=\"col\">")
                    .append(l.pick("手帳・学年", "Certificates, school year")).append("</th><th scope=\"col\">")
                    .append(l.pick("操作", "Actions")).append("</th></tr></thead><tbody>");
            for (HouseholdMember m : members) {
                String id = m.id().toString();
                String name = Html.escape(m.fullName());
                b.append("<tr><th scope=\"row\">").append(name).append("<br><small>")
                        .append(Html.escape(m.fullNameKana())).append("</small></th><td>")
                        .append(Html.escape(ProfileForms.relationshipLabel(m.relationship(), en))).append("</td><td>")
                        .append(Html.escape(m.birthDate() == null ? l.pick("未登録", "Not registered")
                                : en ? CitizenText.date(m.birthDate(), true) : m.birthDateText())).append("</td><td>")
                        .append(m.actsFor() ? l.pick("代理します", "Yes") : "—").append("</td><td>")
                        .append(Html.escape(ProfileForms.factsText(m.facts(), en))).append("</td><td><a href=\"").append(c)
                        .append("/me/household/").append(id).append("/edit\">")
                        .append(l.pick(name + "さんの情報を変更", "Change " + name)).append("</a><br><a href=\"").append(c)
                        .append("/me/household/").append(id).append("/delete\">")
                        .append(l.pick(name + "さんを削除", "Remove " + name)).append("</a></td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<p><a href=\"").append(c).append("/me/household/new\">").append(l.pick("世帯員を追加する", "Add a household member"))
                .append("</a></p>").append(back(c, en));
        return ok(city, title, b.toString());
    }

    @GET
    @Path("c/{code}/me/household/new")
    public Response newMember(@PathParam("code") String code) {
        City city = tenant.city();
        return ok(city, language.pick("世帯員の追加", "Add a household member"),
                memberForm(city, null, new LinkedHashMap<>(), Map.of(), language));
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
        Optional<HouseholdMember> found = member(id);
        if (found.isEmpty()) {
            return notFound(city);
        }
        HouseholdMember m = found.get();
        return ok(city, language.pick("世帯員の変更", "Change a household member"),
                memberForm(city, m.id(), ProfileForms.values(m), Map.of(), language));
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
                String title = language.pick("世帯の情報", "Your household");
                return Response.status(409).entity(PageShell.renderTranslated(language.lang(), title, city, "<h1>" + title + "</h1>"
                        + "<p role=\"alert\">" + Html.escape(e.detail()) + "</p>"
                        + back("/c/" + Html.escape(city.code()), language.english()))).build();
            }
        } else {
            CitizenValidation.check(parsed.draft(), CitizenRecords.today()).errors().forEach(errors::putIfAbsent);
        }
        return invalid(city, id == null ? language.pick("世帯員の追加", "Add a household member")
                        : language.pick("世帯員の変更", "Change a household member"),
                memberForm(city, id, parsed.values(),
                        CitizenText.messages(ordered(errors, ProfileForms.MEMBER_FIELDS), language.english()), language));
    }

    private static String memberForm(City city, UUID id, Map<String, String> v, Map<String, String> e, PageLanguage l) {
        String c = "/c/" + Html.escape(city.code());
        String action = c + "/me/household" + (id == null ? "" : "/" + id);
        if (!v.containsKey("actsFor")) {
            v.put("actsFor", "");
        }
        if (l.english()) {
            return new StringBuilder("<h1>").append(id == null ? "Add a household member" : "Change a household member")
                    .append("</h1>").append(FormKit.errorSummary(e, true)).append("<p>Fields marked ＊ are required.</p>")
                    .append("<form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\" novalidate>").append(FormToken.hidden())
                    .append(FormKit.input("fullName", "Full name ＊", "text", null, v, e, "required"))
                    .append(FormKit.input("fullNameKana", "Furigana (reading of the name) ＊", "text", "In hiragana or katakana",
                            v, e, "required"))
                    .append(FormKit.select("relationship", "Relationship to you ＊", null, ProfileForms.relationships(true), v, e))
                    .append(FormKit.input("birthDate", "Date of birth", "date", "Year-month-day, for example: 2020-06-15", v, e,
                            null))
                    .append(FormKit.select("actsFor", "Do you handle this person's procedures?", null, ProfileForms.ACTS_FOR_EN,
                            v, e))
                    .append("<fieldset><legend>Used to find programmes for you (optional)</legend>")
                    .append(FormKit.select("physicalHandbook", "Physical disability certificate (身体障害者手帳), grade", null,
                            ProfileForms.grades(7, true), v, e))
                    .append(FormKit.select("ryoikuHandbook", "Intellectual disability certificate (療育手帳), level", null,
                            ProfileForms.RYOIKU_EN, v, e))
                    .append(FormKit.select("mentalHandbook", "Mental disability certificate (精神障害者保健福祉手帳), grade", null,
                            ProfileForms.grades(3, true), v, e))
                    .append(FormKit.select("schoolYear", "School year", null, ProfileForms.schoolYears(true), v, e))
                    .append("</fieldset><p><button type=\"submit\">Save</button></p></form>")
                    .append("<p><a href=\"").append(c).append("/me/household\">Back without saving</a></p>").toString();
        }
        return new StringBuilder("<h1>").append(id == null ? "世帯員の追加" : "世帯員の変更").append("</h1>")
                .append(FormKit.errorSummary(e)).append("<p>＊の項目は必須です。</p>")
                .append("<form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\" novalidate>").append(FormToken.hidden())
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
        Optional<HouseholdMember> found = member(id);
        if (found.isEmpty()) {
            return notFound(city);
        }
        HouseholdMember m = found.get();
        String c = "/c/" + Html.escape(city.code());
        if (language.english()) {
            return ok(city, "Remove a household member", "<h1>Remove a household member</h1><p>Remove "
                    + Html.escape(m.fullName()) + " from your household?</p><form method=\"post\" action=\"" + c
                    + "/me/household/" + m.id() + "/delete\">" + FormToken.hidden() + "<button type=\"submit\">Remove</button></form><p><a href=\"" + c
                    + "/me/household\">Back without removing</a></p>");
        }
        return ok(city, "世帯員の削除", "<h1>世帯員の削除</h1><p>" + Html.escape(m.fullName())
                + "さんを世帯の情報から削除しますか。</p><form method=\"post\" action=\"" + c + "/me/household/" + m.id()
                + "/delete\">" + FormToken.hidden() + "<button type=\"submit\">削除する</button></form><p><a href=\"" + c
                + "/me/household\">削除せずに戻る</a></p>");
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
            return notFound(city);
        }
        return Response.seeOther(URI.create("/c/" + city.code() + "/me/household?saved=1")).build();
    }

    // ---------------------------------------------------------------- helpers

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

    Response notFound(City city) {
        return notFound(city, language);
    }

    static Response notFound(City city, PageLanguage l) {
        return Response.status(404).entity(PageShell.renderTranslated(l.lang(), l.pick("見つかりません — ", "Not found — ")
                + city.name(), city, l.pick("<h1>ページが見つかりません</h1><p>お探しの情報はないか、表示する権限がありません。</p>",
                "<h1>Page not found</h1><p>What you are looking for does not exist, or you may not see it.</p>")
                + back("/c/" + Html.escape(city.code()), l.english()))).build();
    }

    Response ok(City city, String title, String html) {
        return ok(city, title, html, language);
    }

    static Response ok(City city, String title, String html, PageLanguage l) {
        return Response.ok(PageShell.renderTranslated(l.lang(), title + " — " + city.name(), city, FormKit.STYLE + html)).build();
    }

    Response invalid(City city, String title, String html) {
        return Response.status(400).entity(PageShell.renderTranslated(language.lang(),
                language.pick("入力内容をご確認ください：", "Please check what you entered: ") + title + " — " + city.name(),
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
        return back(c, false);
    }

    static String back(String c, boolean en) {
        return "<p><a href=\"" + c + "/me\">" + (en ? "Back to My page" : "マイページへ戻る") + "</a></p>";
    }
}
