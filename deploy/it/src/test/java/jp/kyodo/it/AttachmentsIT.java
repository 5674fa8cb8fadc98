package jp.kyodo.it;

import static jp.kyodo.it.Platform.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jp.kyodo.it.Platform.Part;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * Files on inquiries (issue #4): a citizen sends an inquiry with a PDF through the API, the staff of the same city
 * list and download it (the same bytes, the download audited), the other city's staff and citizen get 404 for the
 * case and the file; a file one byte over the limit is refused with 413 and leaves no case or message behind; the
 * type comes from the bytes (a PNG named .pdf is a PNG, an executable named .pdf is refused). In real Chromium the
 * citizen attaches a file in the form, sees it on the thread, and an oversize file brings the form back with what was
 * typed and the reason.
 */
@ExtendWith(ArquillianExtension.class)
class AttachmentsIT {

    static final int MB = 1024 * 1024;
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1};
    static final byte[] EXE = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0};
    private static TestCity ama;
    private static TestCity msn;

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

    static byte[] pdf(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        byte[] head = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    static Platform.Reply inquire(String token, String subject, Part... files) {
        List<Part> parts = new ArrayList<>(List.of(Part.field("category", "procedures"), Part.field("subject", subject),
                Part.field("message", "書類を添付します。" + subject)));
        parts.addAll(List.of(files));
        return Platform.multipart("/api/v1/my/inquiries", token, parts.toArray(Part[]::new));
    }

    static List<JsonObject> attachments(JsonObject caseDetail) {
        List<JsonObject> out = new ArrayList<>();
        caseDetail.getJsonArray("timeline").forEach(e -> e.asJsonObject().getJsonArray("attachments")
                .forEach(a -> out.add(a.asJsonObject())));
        return out;
    }

    static long count(TestCity city, String sql, String... params) throws Exception {
        try (Connection conn = Platform.appConnection()) {
            conn.setAutoCommit(false);
            TenantIsolationIT.bind(conn, TenantIsolationIT.cityId(city.code));
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setString(i + 1, params[i]);
                }
                ResultSet rs = ps.executeQuery();
                rs.next();
                return rs.getLong(1);
            } finally {
                conn.rollback();
            }
        }
    }

    @Test
    void citizenSendsAPdfStaffOfTheCityDownloadsItOtherCitySeesNothing() throws Exception {
        cities();
        byte[] bytes = pdf(300_000);
        var sent = inquire(ama.citizenToken(), "住民票の申請書", Part.file("申請書 (控え).pdf", "application/pdf", bytes));
        assertEquals(201, sent.status(), sent::toString);
        String caseId = sent.json().getString("id");
        String number = sent.json().getString("receptionNumber");
        List<JsonObject> onThread = attachments(sent.json());
        assertEquals(1, onThread.size(), sent::toString);
        String fileId = onThread.get(0).getString("id");
        assertEquals("申請書 (控え).pdf", onThread.get(0).getString("fileName"));

        // the staff of the same city list and download it; the download is audited
        var listed = get("/api/v1/cases/" + caseId + "/attachments", ama.staffToken());
        assertEquals(200, listed.status(), listed::toString);
        JsonObject meta = listed.array().getJsonObject(0);
        assertEquals("application/pdf", meta.getString("contentType"));
        assertEquals(bytes.length, meta.getJsonNumber("size").longValue());
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)),
                meta.getString("sha256"));
        String audited = "SELECT count(*) FROM audit_event WHERE action = 'personal-data.read' "
                + "AND entity_type = 'case_attachment' AND entity_id = ? AND actor = ?";
        long before = count(ama, audited, fileId, ama.staff);
        HttpResponse<byte[]> file = Platform.download("/api/v1/cases/attachments/" + fileId, ama.staffToken());
        assertEquals(200, file.statusCode());
        assertArrayEquals(bytes, file.body(), "the same bytes come back");
        assertEquals("application/pdf", file.headers().firstValue("Content-Type").orElse(""));
        String disposition = file.headers().firstValue("Content-Disposition").orElse("");
        assertTrue(disposition.startsWith("attachment;") && disposition.contains("filename*=UTF-8''%E7%94%B3%E8%AB%8B%E6%9B%B8"),
                disposition);
        assertEquals("nosniff", file.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("private, no-store", file.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(before + 1, count(ama, audited, fileId, ama.staff), "the staff download is in the audit trail");

        // the citizen downloads their own file too, and sees it on their thread
        HttpResponse<byte[]> own = Platform.download("/api/v1/my/inquiries/attachments/" + fileId, ama.citizenToken());
        assertEquals(200, own.statusCode());
        assertArrayEquals(bytes, own.body());
        var thread = get("/api/v1/my/inquiries/" + number + "/attachments", ama.citizenToken());
        assertEquals(200, thread.status(), thread::toString);
        assertEquals(fileId, thread.array().getJsonObject(0).getString("id"));

        // the other city: staff and citizen get 404 for the case, its list and the file, with nothing of it shown
        for (String token : List.of(msn.staffToken(), msn.adminToken())) {
            for (String path : List.of("/api/v1/cases/" + caseId, "/api/v1/cases/" + caseId + "/attachments",
                    "/api/v1/cases/attachments/" + fileId)) {
                var r = get(path, token);
                assertEquals(404, r.status(), () -> path + " " + r);
                assertFalse(r.body().contains("申請書"), r::toString);
            }
        }
        // (reception numbers are per city: the other city may have its own inquiry with the same number, so by id)
        for (String path : List.of("/api/v1/my/inquiries/" + caseId, "/api/v1/my/inquiries/" + caseId + "/attachments",
                "/api/v1/my/inquiries/attachments/" + fileId)) {
            var r = get(path, msn.citizenToken());
            assertEquals(404, r.status(), () -> path + " " + r);
        }
        assertEquals(404, Platform.download("/api/v1/my/inquiries/attachments/" + fileId, msn.citizenToken()).statusCode());
        assertEquals(403, get("/api/v1/cases/attachments/" + fileId, ama.citizenToken()).status(),
                "citizens use /my/inquiries");

        // a staff reply with a file reaches the citizen's thread
        var reply = Platform.multipart("/api/v1/cases/" + caseId + "/replies", ama.staffToken(),
                Part.field("text", "記入例を添付します。"), Part.file("記入例.txt", "text/plain",
                        "記入例：氏名欄は楷書で。".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, reply.status(), reply::toString);
        var seen = get("/api/v1/my/inquiries/" + number, ama.citizenToken());
        List<JsonObject> both = attachments(seen.json());
        assertEquals(2, both.size(), seen::toString);
        JsonObject staffFile = both.stream().filter(a -> a.getString("uploaderKind").equals("STAFF")).findFirst().orElseThrow();
        HttpResponse<byte[]> text = Platform.download("/api/v1/my/inquiries/attachments/" + staffFile.getString("id"),
                ama.citizenToken());
        assertEquals(200, text.statusCode());
        assertEquals("text/plain;charset=utf-8", text.headers().firstValue("Content-Type").orElse("").replace(" ", "")
                .toLowerCase(java.util.Locale.ROOT));
        assertEquals("記入例：氏名欄は楷書で。", new String(text.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aRefusedFileLeavesNoCaseAndNoMessage() throws Exception {
        cities();
        String cases = "SELECT count(*) FROM inquiry_case";
        String events = "SELECT count(*) FROM case_event";
        String files = "SELECT count(*) FROM case_attachment";
        long c0 = count(ama, cases);
        long e0 = count(ama, events);
        long f0 = count(ama, files);

        var tooLarge = inquire(ama.citizenToken(), "大きすぎる添付", Part.file("scan.pdf", "application/pdf", pdf(5 * MB + 1)));
        assertEquals(413, tooLarge.status(), tooLarge::toString);
        assertTrue(tooLarge.isProblem(), tooLarge::toString);
        assertEquals("https://kyodo.jp/problems/attachment-too-large", tooLarge.json().getString("type"));
        assertTrue(tooLarge.json().getString("detail").contains("ファイル『scan.pdf』は 5.1 MB です。1 ファイル 5 MB までです。"),
                tooLarge::toString);
        assertEquals("scan.pdf", tooLarge.json().getString("file"));

        var exe = inquire(ama.citizenToken(), "実行ファイル", Part.file("invoice.pdf", "application/pdf", EXE));
        assertEquals(415, exe.status(), exe::toString);
        assertEquals("https://kyodo.jp/problems/attachment-type", exe.json().getString("type"));
        assertEquals("invoice.pdf", exe.json().getString("file"));

        var many = inquire(ama.citizenToken(), "多すぎる添付", Part.file("1.png", "image/png", PNG),
                Part.file("2.png", "image/png", PNG), Part.file("3.png", "image/png", PNG), Part.file("4.png", "image/png", PNG));
        assertEquals(400, many.status(), many::toString);
        assertEquals("https://kyodo.jp/problems/too-many-attachments", many.json().getString("type"));
        assertEquals("4.png", many.json().getString("file"));

        var empty = inquire(ama.citizenToken(), "空の添付", Part.file("empty.txt", "text/plain", new byte[0]));
        assertEquals(400, empty.status(), empty::toString);
        assertEquals("https://kyodo.jp/problems/empty-attachment", empty.json().getString("type"));

        // a request larger than files × limit is refused from its Content-Length, before it is read
        var huge = inquire(ama.citizenToken(), "全体が大きすぎる", Part.file("a.pdf", "application/pdf", pdf(17 * MB)));
        assertEquals(413, huge.status(), huge::toString);
        assertEquals("https://kyodo.jp/problems/payload-too-large", huge.json().getString("type"));

        assertEquals(c0, count(ama, cases), "no case was opened");
        assertEquals(e0, count(ama, events), "no message was written");
        assertEquals(f0, count(ama, files), "no file was stored");

        // the same for an answer into an existing inquiry
        var ok = inquire(ama.citizenToken(), "あとで添付します");
        assertEquals(201, ok.status(), ok::toString);
        String number = ok.json().getString("receptionNumber");
        long e1 = count(ama, events);
        var answer = Platform.multipart("/api/v1/my/inquiries/" + number + "/messages", ama.citizenToken(),
                Part.field("text", "添付します"), Part.file("big.pdf", "application/pdf", pdf(5 * MB + 1)));
        assertEquals(413, answer.status(), answer::toString);
        assertEquals(e1, count(ama, events), "the answer with a refused file was not written");
    }

    @Test
    void theTypeComesFromTheBytes() throws Exception {
        cities();
        var png = inquire(msn.citizenToken(), "写真を添付", Part.file("photo.pdf", "application/pdf", PNG));
        assertEquals(201, png.status(), png::toString);
        JsonObject a = attachments(png.json()).get(0);
        assertEquals("image/png", a.getString("contentType"), "a PNG named .pdf is stored as a PNG");
        HttpResponse<byte[]> file = Platform.download("/api/v1/cases/attachments/" + a.getString("id"), msn.staffToken());
        assertEquals("image/png", file.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(PNG, file.body());
    }

    @Test
    void citizenAttachesAFileInTheFormAndAnOversizeFileKeepsWhatWasTyped() throws Exception {
        cities();
        Path dir = Files.createTempDirectory("kyodo-attach-");
        Path small = Files.write(dir.resolve("控え.pdf"), pdf(40_000));
        Path big = Files.write(dir.resolve("big-scan.pdf"), pdf(5 * MB + 1));
        List<String> problems = new ArrayList<>();
        String base = Platform.base() + "/c/" + ama.code;
        try (Chromium b = Chromium.start()) {
            b.open(base + "/inquiries/new");
            b.signIn(ama.citizen, Platform.TEST_PASSWORD);
            b.find(By.id("subject"));
            problems.addAll(BrowserIT.check(b, "new inquiry with a file input"));
            new Select(b.find(By.id("category"))).selectByValue("procedures");
            b.type(By.id("subject"), "控えを添付します");
            b.type(By.id("message"), "申請書の控えを添付します。");
            b.driver.findElement(By.id("file")).sendKeys(small.toString());
            b.submit(By.id("subject"));
            b.find(By.tagName("h1"));
            assertTrue(b.text().contains("控え.pdf") && !b.driver.findElements(By.cssSelector("ul.files a")).isEmpty(),
                    () -> "the file is listed on the thread: " + b.url() + "\n" + b.driver.getPageSource());
            problems.addAll(BrowserIT.check(b, "thread with a file"));

            b.open(base + "/inquiries/new");
            new Select(b.find(By.id("category"))).selectByValue("tax");
            b.type(By.id("subject"), "大きなファイルの件");
            b.type(By.id("message"), "スキャンした書類です。消えないでください。");
            b.driver.findElement(By.id("file")).sendKeys(big.toString());
            b.submit(By.id("subject"));
            b.find(By.tagName("h1"));
            assertFalse(b.driver.findElements(By.cssSelector(".error-summary")).isEmpty(), () -> b.url() + "\n" + b.driver.getPageSource());
            String text = b.text();
            assertTrue(text.contains("ファイル『big-scan.pdf』は 5.1 MB です。1 ファイル 5 MB までです。"), text);
            assertTrue(text.contains("もう一度選んでください"), text);
            assertEquals("大きなファイルの件", b.find(By.id("subject")).getAttribute("value"), "the subject is kept");
            assertEquals("スキャンした書類です。消えないでください。", b.find(By.id("message")).getAttribute("value"),
                    "the message is kept");
            assertEquals("tax", new Select(b.find(By.id("category"))).getFirstSelectedOption().getAttribute("value"));
            assertEquals("true", b.find(By.id("file")).getAttribute("aria-invalid"));
            assertTrue(b.driver.findElement(By.cssSelector(".error-summary a[href='#file']")).isDisplayed(),
                    "the error summary links to the file input");
            problems.addAll(BrowserIT.check(b, "form refused for an oversize file"));
        } finally {
            Files.deleteIfExists(small);
            Files.deleteIfExists(big);
            Files.deleteIfExists(dir);
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }
}
