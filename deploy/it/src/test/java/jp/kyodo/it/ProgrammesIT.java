package jp.kyodo.it;

import static jp.kyodo.it.Platform.call;
import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The programme registry per city on the real application: invalid texts are refused with their position and leave
 * nothing behind, drafts stay invisible to citizens until published, publishing changes what {@code CityProgrammes}
 * offers, another city cannot reach a city's programmes, and the prefecture's templates go only to its cities.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProgrammesIT {

    private static TestCity ama; // 尼崎市 (兵庫県)
    private static TestCity msn; // 武蔵野市 (東京都)

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    static synchronized void cities() {
        if (ama == null) {
            TestCity[] pair = TestCity.demoPair();
            ama = pair[0];
            msn = pair[1];
        }
    }

    @AfterAll
    static void cleanUp() {
        TestCity.closeAll(ama, msn);
    }

    static JsonObject entry(TestCity city, String token, String programmeId) {
        var r = get("/api/v1/programmes", token);
        assertEquals(200, r.status(), r::toString);
        for (JsonValue v : r.array()) {
            if (v.asJsonObject().getString("programmeId").equals(programmeId)) {
                return v.asJsonObject();
            }
        }
        return null;
    }

    static String household(String asOf, String... childBirthDates) {
        var members = Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "parent").add("birthDate", "1985-05-05"));
        for (String b : childBirthDates) {
            members.add(Json.createObjectBuilder().add("role", "child").add("birthDate", b));
        }
        return Json.createObjectBuilder().add("asOf", asOf).add("singleParent", false).add("income", 1_000_000)
                .add("members", members).build().toString();
    }

    static JsonObject evaluation(JsonArray results, String programmeId) {
        for (JsonValue v : results) {
            if (v.asJsonObject().getString("programmeId").equals(programmeId)) {
                return v.asJsonObject();
            }
        }
        return null;
    }

    static String own(String code, int amount) {
        return "id: " + code + "-0001\n"
                + "name: 子育て応援手当（市独自）\n"
                + "summary: 中学生以下の子1人につき月額を支給します。\n"
                + "competentAuthority: 市 こども政策課\n"
                + "eligibility:\n"
                + "  parameters:\n"
                + "    perChild: {label: 子1人あたり月額, unit: 円/月, values: {2024-04-01: " + amount + "}}\n"
                + "  definitions:\n"
                + "    kids: children.filter(c, c.grade <= 9)\n"
                + "  conditions:\n"
                + "    - {id: child, label: 中学生以下の子がいる, when: size(kids) > 0}\n"
                + "  amount: size(kids) * p.perChild\n";
    }

    @Test
    @Order(1)
    void anInvalidRuleIsRefusedWithItsPositionAndNothingIsSaved() {
        cities();
        JsonObject jidoTeate = entry(ama, ama.adminToken(), "JP-0001");
        assertNotNull(jidoTeate, "尼崎市 starts from the national template 児童手当");
        String id = jidoTeate.getString("id");
        var detail = get("/api/v1/programmes/" + id, ama.adminToken());
        assertEquals(200, detail.status(), detail::toString);
        String yaml = detail.json().getString("latestYaml");
        int versionsBefore = detail.json().getJsonArray("versions").size();

        String broken = yaml.replace("when: children.exists(c, c.grade <= p.maxGrade)", "when: children.exists(c, c.grade <= p.maxGrad)");
        assertFalse(broken.equals(yaml), "the template holds the expression the test breaks");
        String[] lines = broken.split("\n", -1);
        int line = 0;
        int column = 0;
        for (int i = 0; i < lines.length; i++) {
            int at = lines[i].indexOf("p.maxGrad)");
            if (at >= 0) {
                line = i + 1;
                column = at + 1;
            }
        }
        var r = call("POST", "/api/v1/programmes/" + id + "/versions", ama.adminToken(),
                Json.createObjectBuilder().add("yaml", broken).add("comment", "typo").build().toString());
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
        JsonArray errors = r.json().getJsonArray("errors");
        assertEquals(1, errors.size(), r::toString);
        assertEquals(line, errors.getJsonObject(0).getInt("line"), r::toString);
        assertEquals(column, errors.getJsonObject(0).getInt("column"), r::toString);
        assertTrue(errors.getJsonObject(0).getString("message").contains("p.maxGrad"), r::toString);

        // bad YAML: refused with the YAML position
        var y = call("POST", "/api/v1/programmes/" + id + "/versions", ama.adminToken(),
                Json.createObjectBuilder().add("yaml", "id: JP-0001\nname: [unclosed\n").build().toString());
        assertEquals(400, y.status(), y::toString);
        assertTrue(y.json().getJsonArray("errors").getJsonObject(0).getInt("line") >= 2, y::toString);

        var after = get("/api/v1/programmes/" + id + "/versions", ama.adminToken());
        assertEquals(versionsBefore, after.array().size(), "nothing saved: " + after);

        // validate says the same without saving
        var v = call("POST", "/api/v1/programmes/validate", ama.adminToken(),
                Json.createObjectBuilder().add("yaml", broken).build().toString());
        assertEquals(200, v.status(), v::toString);
        assertFalse(v.json().getBoolean("valid"));
        assertEquals(line, v.json().getJsonArray("errors").getJsonObject(0).getInt("line"));
    }

    @Test
    @Order(2)
    void aDraftIsInvisibleToCitizensUntilPublishedAndPublishingChangesTheResult() {
        cities();
        String hh = household("2025-06-01", "2015-06-01", "2020-06-01");
        var created = call("POST", "/api/v1/programmes", ama.adminToken(),
                Json.createObjectBuilder().add("yaml", own("282022", 5000)).add("comment", "新設").build().toString());
        assertEquals(201, created.status(), created::toString);
        String id = created.json().getJsonObject("summary").getString("id");
        assertEquals("DRAFT", created.json().getJsonObject("summary").getString("status"));

        assertNull(entry(ama, ama.citizenToken(), "282022-0001"), "a draft is not listed for citizens");
        assertEquals(404, get("/api/v1/programmes/" + id, ama.citizenToken()).status());
        var before = call("POST", "/api/v1/programmes/evaluate", ama.citizenToken(), hh);
        assertEquals(200, before.status(), before::toString);
        assertNull(evaluation(before.array(), "282022-0001"), "a draft is not evaluated for citizens");
        assertNotNull(evaluation(before.array(), "JP-0001"), before::toString);

        // the admin tries the draft first
        var tried = call("POST", "/api/v1/programmes/" + id + "/try", ama.adminToken(), hh);
        assertEquals(200, tried.status(), tried::toString);
        assertEquals("ELIGIBLE", tried.json().getString("status"), tried::toString);
        assertEquals(10000, tried.json().getJsonObject("amount").getInt("max"), tried::toString);

        var published = call("POST", "/api/v1/programmes/" + id + "/publish", ama.adminToken(), "{\"comment\":\"公開\"}");
        assertEquals(200, published.status(), published::toString);
        assertNotNull(entry(ama, ama.citizenToken(), "282022-0001"));
        JsonObject e = evaluation(call("POST", "/api/v1/programmes/evaluate", ama.citizenToken(), hh).array(), "282022-0001");
        assertNotNull(e);
        assertEquals("ELIGIBLE", e.getString("status"));
        assertEquals(10000, e.getJsonObject("amount").getInt("max"));

        // a new draft changes nothing for citizens until it is published
        var v2 = call("POST", "/api/v1/programmes/" + id + "/versions", ama.adminToken(),
                Json.createObjectBuilder().add("yaml", own("282022", 7000)).add("comment", "増額").build().toString());
        assertEquals(201, v2.status(), v2::toString);
        e = evaluation(call("POST", "/api/v1/programmes/evaluate", ama.citizenToken(), hh).array(), "282022-0001");
        assertEquals(10000, e.getJsonObject("amount").getInt("max"), "still the published version");
        assertEquals(200, call("POST", "/api/v1/programmes/" + id + "/publish", ama.adminToken(), "{}").status());
        e = evaluation(call("POST", "/api/v1/programmes/evaluate", ama.citizenToken(), hh).array(), "282022-0001");
        assertEquals(14000, e.getJsonObject("amount").getInt("max"), "the new version once published");

        // history and diff
        var history = get("/api/v1/programmes/" + id + "/versions", ama.adminToken());
        assertEquals(2, history.array().size(), history::toString);
        assertEquals("PUBLISHED", history.array().getJsonObject(0).getString("status"));
        assertEquals("SUPERSEDED", history.array().getJsonObject(1).getString("status"));
        var diff = get("/api/v1/programmes/" + id + "/diff?from=1&to=2", ama.adminToken());
        assertEquals(200, diff.status(), diff::toString);
        assertTrue(diff.body().contains("\"ADDED\"") && diff.body().contains("7000"), diff::toString);

        // hidden: gone for citizens, back when shown
        assertEquals(200, call("POST", "/api/v1/programmes/" + id + "/hide", ama.adminToken(), "{\"hidden\":true}").status());
        assertNull(evaluation(call("POST", "/api/v1/programmes/evaluate", ama.citizenToken(), hh).array(), "282022-0001"));
        assertEquals(200, call("POST", "/api/v1/programmes/" + id + "/hide", ama.adminToken(), "{\"hidden\":false}").status());
        assertNotNull(evaluation(call("POST", "/api/v1/programmes/evaluate", ama.citizenToken(), hh).array(), "282022-0001"));

        // citizens cannot edit
        assertEquals(403, call("POST", "/api/v1/programmes/" + id + "/publish", ama.citizenToken(), "{}").status());
    }

    @Test
    @Order(3)
    void anotherCityCannotSeeOrEditTheProgrammesById() {
        cities();
        JsonObject own = entry(ama, ama.adminToken(), "282022-0001");
        assertNotNull(own);
        String id = own.getString("id");
        for (String token : List.of(msn.adminToken(), msn.citizenToken())) {
            assertEquals(404, get("/api/v1/programmes/" + id, token).status());
        }
        String body = Json.createObjectBuilder().add("yaml", own("282022", 1)).build().toString();
        assertEquals(404, call("POST", "/api/v1/programmes/" + id + "/versions", msn.adminToken(), body).status());
        assertEquals(404, call("POST", "/api/v1/programmes/" + id + "/publish", msn.adminToken(), "{}").status());
        assertEquals(404, call("POST", "/api/v1/programmes/" + id + "/hide", msn.adminToken(), "{}").status());
        assertEquals(404, get("/api/v1/programmes/" + id + "/versions", msn.adminToken()).status());
        assertEquals(404, call("POST", "/api/v1/programmes/" + id + "/try", msn.adminToken(),
                household("2025-06-01", "2015-06-01")).status());
        assertNull(entry(msn, msn.adminToken(), "282022-0001"));
        // and 尼崎市's programme is untouched
        assertEquals(2, get("/api/v1/programmes/" + id + "/versions", ama.adminToken()).array().size());
    }

    @Test
    @Order(4)
    void tokyosJidoIkuseiTeateIsOfferedInMusashinoButNotInAmagasaki() {
        cities();
        assertNotNull(entry(msn, msn.citizenToken(), "130001-0001"), "東京都 児童育成手当 in 武蔵野市");
        assertNull(entry(ama, ama.citizenToken(), "130001-0001"), "not in 尼崎市");
        assertNull(entry(ama, ama.adminToken(), "130001-0001"), "not even in 尼崎市's registry");
        // a single parent with one child in 武蔵野市
        String single = Json.createObjectBuilder().add("asOf", "2025-06-01").add("income", 1_000_000)
                .add("members", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("role", "parent").add("birthDate", "1985-05-05").add("income", 1_000_000))
                        .add(Json.createObjectBuilder().add("role", "child").add("birthDate", "2015-06-01")))
                .build().toString();
        var m = call("POST", "/api/v1/programmes/evaluate", msn.citizenToken(), single);
        assertEquals(200, m.status(), m::toString);
        JsonObject e = evaluation(m.array(), "130001-0001");
        assertNotNull(e, m::toString);
        assertEquals("ELIGIBLE", e.getString("status"), e::toString);
        var a = call("POST", "/api/v1/programmes/evaluate", ama.citizenToken(), single);
        assertNull(evaluation(a.array(), "130001-0001"), a::toString);
    }

    @Test
    @Order(5)
    void aRuleThatFailsForOneHouseholdGivesErrorNotAnException() {
        cities();
        String yaml = "id: 282022-0002\nname: 多子世帯テスト\neligibility:\n  parameters:\n"
                + "    table: {label: 子の数ごとの月額, unit: 円/月, values: {2024-04-01: [0, 1000]}}\n"
                + "  conditions:\n    - {id: any, label: 子がいる, when: size(children) > 0}\n"
                + "  amount: p.table[size(children)]\n";
        var r = call("POST", "/api/v1/programmes/try", ama.adminToken(),
                Json.createObjectBuilder().add("yaml", yaml).add("asOf", "2025-06-01")
                        .add("members", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("role", "parent").add("birthDate", "1985-05-05"))
                                .add(Json.createObjectBuilder().add("role", "child").add("birthDate", "2015-06-01"))
                                .add(Json.createObjectBuilder().add("role", "child").add("birthDate", "2017-06-01")))
                        .build().toString());
        assertEquals(200, r.status(), r::toString);
        assertEquals("ERROR", r.json().getString("status"), r::toString);
        assertFalse(r.json().getString("errorMessage").isBlank(), r::toString);
    }

    static String form(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            b.append(b.length() == 0 ? "" : "&").append(WebSignInIT.enc(pairs[i])).append('=').append(WebSignInIT.enc(pairs[i + 1]));
        }
        return b.toString();
    }

    @Test
    @Order(6)
    void theCityAdminEditsAndTriesOnThePagesWithoutJavaScript() throws Exception {
        cities();
        String id = entry(ama, ama.adminToken(), "282022-0001").getString("id");
        String rest = own("282022", 7000).substring(own("282022", 7000).indexOf("eligibility:"));
        String base = Platform.base() + "/c/282022/admin/programmes";

        WebSignInIT.Browser admin = new WebSignInIT.Browser();
        var signedIn = admin.signIn(admin.get(Platform.base() + "/c/282022/login"), ama.admin, Platform.TEST_PASSWORD);
        assertEquals(200, signedIn.statusCode(), signedIn::body);
        var list = admin.get(base);
        assertEquals(200, list.statusCode(), list::body);
        assertTrue(list.body().contains("制度の管理") && list.body().contains("282022-0001") && list.body().contains("児童手当"), list.body());
        assertFalse(list.body().contains("130001-0001"), "no Tokyo template in 尼崎市");

        var edit = admin.get(base + "/" + id);
        assertEquals(200, edit.statusCode(), edit::body);
        assertTrue(edit.body().contains("<textarea id=\"rest\"") && edit.body().contains("この世帯で試す"), edit.body());

        // an invalid rule: 400, the error with its line in the textarea, the typed text kept, nothing saved
        String broken = rest.replace("p.perChild", "p.perChlid");
        var refused = admin.post(base + "/" + id, form("action", "save", "f_name", "子育て応援手当（市独自）", "rest", broken,
                "comment", "誤りのある変更"));
        assertEquals(400, refused.statusCode(), refused::body);
        int line = java.util.Arrays.asList(broken.split("\n")).indexOf(
                java.util.Arrays.stream(broken.split("\n")).filter(l -> l.contains("p.perChlid")).findFirst().orElseThrow()) + 1;
        assertTrue(refused.body().contains("role=\"alert\"") && refused.body().contains("YAML " + line + "行"), refused.body());
        assertTrue(refused.body().contains("p.perChlid") && refused.body().contains("誤りのある変更"), "typed input kept");
        assertEquals(2, get("/api/v1/programmes/" + id + "/versions", ama.adminToken()).array().size(), "nothing saved");

        // try the unsaved text for a household typed on the page
        var tried = admin.post(base + "/" + id, form("action", "try", "f_name", "子育て応援手当（市独自）", "rest", rest,
                "h_asOf", "2025-06-01", "h_m1_role", "parent", "h_m1_birth", "1985-05-05",
                "h_m2_role", "child", "h_m2_birth", "2015-06-01"));
        assertEquals(200, tried.statusCode(), tried::body);
        assertTrue(tried.body().contains("試した結果: 対象") && tried.body().contains("7,000円"), tried.body());

        // save, then it is a draft in the history
        var saved = admin.post(base + "/" + id, form("action", "save", "f_name", "子育て応援手当（市独自）", "rest", rest,
                "comment", "画面から保存"));
        assertEquals(200, saved.statusCode(), saved::body);
        assertTrue(saved.body().contains("下書きとして保存しました"), saved.body());
        var history = admin.get(base + "/" + id + "/history?from=2&to=3");
        assertEquals(200, history.statusCode(), history::body);
        assertTrue(history.body().contains("画面から保存") && history.body().contains("下書き"), history.body());

        // a citizen of the city and another city's admin are refused
        WebSignInIT.Browser citizen = new WebSignInIT.Browser();
        citizen.signIn(citizen.get(Platform.base() + "/c/282022/login"), ama.citizen, Platform.TEST_PASSWORD);
        assertEquals(403, citizen.get(base).statusCode());
        WebSignInIT.Browser other = new WebSignInIT.Browser();
        other.signIn(other.get(Platform.base() + "/c/132039/login"), msn.admin, Platform.TEST_PASSWORD);
        var foreign = other.get(base + "/" + id);
        assertFalse(foreign.body().contains("子育て応援手当"), "no content of the other city");
        assertTrue(foreign.statusCode() == 403 || other.url.startsWith(Platform.keycloak()), other.url);
    }

    @Test
    @Order(7)
    void aChangedShippedTemplateIsShownAsADiffAndTakenOnlyWhenTheCityChoosesTo() throws Exception {
        cities();
        String id = entry(msn, msn.adminToken(), "JP-0001").getString("id");
        String current = get("/api/v1/programmes/" + id, msn.adminToken()).json().getString("latestYaml");
        assertFalse(get("/api/v1/programmes/" + id + "/template-update", msn.adminToken()).json().getBoolean("available"));

        // as if 武蔵野市 had adopted an older release of the template (第3子以降 29,000 円)
        String older = current.replace("2024-10-01: 30000", "2024-10-01: 29000");
        assertFalse(older.equals(current));
        java.util.UUID city = TenantIsolationIT.cityId(msn.code);
        try (java.sql.Connection c = Platform.ownerConnection()) {
            c.setAutoCommit(false);
            try (var bind = c.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
                bind.setString(1, city.toString());
                bind.execute();
            }
            try (var u = c.prepareStatement("UPDATE programme_version SET yaml = ?, template_yaml = ?, template_hash = 'older-release' "
                    + "WHERE entry_id = ?::uuid AND version = 1")) {
                u.setString(1, older);
                u.setString(2, older);
                u.setString(3, id);
                assertEquals(1, u.executeUpdate());
            }
            try (var u = c.prepareStatement("UPDATE programme_entry SET changed_at = now() WHERE id = ?::uuid")) {
                u.setString(1, id);
                assertEquals(1, u.executeUpdate());
            }
            c.commit();
        }
        String threeChildren = household("2025-06-01", "2012-06-01", "2015-06-01", "2018-06-01");
        JsonObject before = evaluation(call("POST", "/api/v1/programmes/evaluate", msn.citizenToken(), threeChildren).array(), "JP-0001");
        assertEquals(49000, before.getJsonObject("amount").getInt("max"), "the release the city adopted");

        JsonObject listed = entry(msn, msn.adminToken(), "JP-0001");
        assertTrue(listed.getBoolean("templateUpdateAvailable"), listed::toString);
        var u = get("/api/v1/programmes/" + id + "/template-update", msn.adminToken());
        assertEquals(200, u.status(), u::toString);
        assertTrue(u.json().getBoolean("available"));
        assertFalse(u.json().getBoolean("edited"));
        List<JsonObject> changed = u.json().getJsonArray("diff").stream().map(JsonValue::asJsonObject)
                .filter(d -> !d.getString("op").equals("SAME")).toList();
        assertEquals(2, changed.size(), u::toString);
        assertTrue(changed.get(0).getString("op").equals("REMOVED") && changed.get(0).getString("text").contains("29000"));
        assertTrue(changed.get(1).getString("op").equals("ADDED") && changed.get(1).getString("text").contains("30000"));
        // nothing changes for citizens until the city takes it
        before = evaluation(call("POST", "/api/v1/programmes/evaluate", msn.citizenToken(), threeChildren).array(), "JP-0001");
        assertEquals(49000, before.getJsonObject("amount").getInt("max"));

        var taken = call("POST", "/api/v1/programmes/" + id + "/template-update", msn.adminToken(), "{\"comment\":\"令和7年版を取り込み\"}");
        assertEquals(200, taken.status(), taken::toString);
        assertEquals(2, taken.json().getJsonObject("summary").getInt("publishedVersion"), "published at once: the city had not edited it");
        JsonObject after = evaluation(call("POST", "/api/v1/programmes/evaluate", msn.citizenToken(), threeChildren).array(), "JP-0001");
        assertEquals(50000, after.getJsonObject("amount").getInt("max"));
        assertFalse(get("/api/v1/programmes/" + id + "/template-update", msn.adminToken()).json().getBoolean("available"));
        assertEquals(409, call("POST", "/api/v1/programmes/" + id + "/template-update", msn.adminToken(), "{}").status());
    }
}
