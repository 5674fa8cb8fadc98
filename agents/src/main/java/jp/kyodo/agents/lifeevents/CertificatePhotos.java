package jp.kyodo.agents.lifeevents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import jp.kyodo.agents.lifeevents.internal.ImageHeader;
import jp.kyodo.agents.lifeevents.internal.TesseractRun;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the text of a certificate photo with Tesseract (Debian {@code tesseract-ocr}, {@code tesseract-ocr-jpn}),
 * called as a separate program. Before it runs, the photo must be a JPEG or PNG as its bytes show, at most
 * {@code kyodo.photos.max-bytes} (5 MiB) and {@code kyodo.photos.max-pixels} (25 million pixels, read from the header;
 * nothing is decoded in the server). At most {@code kyodo.photos.concurrency} readings run at once, and at most
 * {@code kyodo.photos.per-city} (1) of one city (another is refused with 503 at once); each is killed after
 * {@code kyodo.photos.timeout-seconds}. Called outside any database transaction ({@link LifeEventBundles#readPhoto}). When the program is not installed, {@link #available()} is false and reading is
 * refused with 503 — everything else works.
 */
@ApplicationScoped
public class CertificatePhotos {

    private static final Logger LOG = Logger.getLogger(CertificatePhotos.class.getName());

    @Inject
    @ConfigProperty(name = "kyodo.photos.tesseract", defaultValue = "/usr/bin/tesseract")
    String tesseract;
    @Inject
    @ConfigProperty(name = "kyodo.photos.languages", defaultValue = "jpn")
    String languages;
    @Inject
    @ConfigProperty(name = "kyodo.photos.max-bytes", defaultValue = "5242880")
    long maxBytes;
    @Inject
    @ConfigProperty(name = "kyodo.photos.max-pixels", defaultValue = "25000000")
    long maxPixels;
    @Inject
    @ConfigProperty(name = "kyodo.photos.timeout-seconds", defaultValue = "30")
    int timeoutSeconds;
    @Inject
    @ConfigProperty(name = "kyodo.photos.concurrency", defaultValue = "2")
    int concurrency;
    @Inject
    @ConfigProperty(name = "kyodo.photos.per-city", defaultValue = "1")
    int perCity;
    @Inject
    jp.kyodo.tenant.TenantContext tenant;

    private volatile Semaphore running;
    private final java.util.Map<java.util.UUID, Semaphore> cities = new java.util.concurrent.ConcurrentHashMap<>();

    /** True when the Tesseract program and its Japanese data are installed. */
    public boolean available() {
        Path bin = Path.of(tesseract);
        return Files.isExecutable(bin) && languages.matches("[a-z_]{3,20}(\\+[a-z_]{3,20}){0,3}");
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The text on the photo. Refused: not installed (503 {@code photo-reading-unavailable}), empty or too large (413
     * {@code photo-too-large}), not a JPEG or PNG (415 {@code photo-type}), too many pixels (413 {@code photo-too-large}),
     * busy (503 {@code photo-reading-busy}), unreadable or too slow (422 {@code photo-unreadable}).
     */
    public String read(byte[] image) {
        if (!available()) {
            throw new ProblemException(503, "photo-reading-unavailable", "写真の読み取りは使えません",
                    "Reading photos is unavailable", "写真の読み取りは、いまは使えません。質問に直接答えてください。"
                    + " Reading photos is not available now; answer the questions directly.");
        }
        if (image == null || image.length == 0 || image.length > maxBytes) {
            throw new ProblemException(413, "photo-too-large", "写真が大きすぎます", "The photo is too large",
                    "写真は " + (maxBytes >> 20) + " MB までの JPEG か PNG にしてください。 The photo must be a JPEG or PNG of at most "
                            + (maxBytes >> 20) + " MB.");
        }
        ImageHeader h = ImageHeader.of(image).orElseThrow(() -> new ProblemException(415, "photo-type",
                "写真の形式が違います", "Not a photo", "JPEG か PNG の写真を選んでください。 Choose a JPEG or PNG photo."));
        if (h.pixels() > maxPixels || h.width() > 20_000 || h.height() > 20_000) {
            throw new ProblemException(413, "photo-too-large", "写真が大きすぎます", "The photo is too large",
                    "写真の画素数が多すぎます（" + h.width() + "×" + h.height() + "）。小さくしてから選んでください。 The photo has too "
                            + "many pixels; make it smaller.");
        }
        // one city's readings never take every slot of the server: beyond its share it is refused at once
        Semaphore city = cities.computeIfAbsent(tenant.city().id(), c -> new Semaphore(Math.max(1, perCity)));
        if (!city.tryAcquire()) {
            throw busy();
        }
        Semaphore s = semaphore();
        boolean got = false;
        try {
            got = s.tryAcquire(timeoutSeconds, TimeUnit.SECONDS);
            if (!got) {
                throw busy();
            }
            return TesseractRun.run(Path.of(tesseract), languages, image, timeoutSeconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreadable();
        } catch (TesseractRun.Failed e) {
            LOG.warning("certificate photo not read: " + e.getMessage());
            throw unreadable();
        } finally {
            if (got) {
                s.release();
            }
            city.release();
        }
    }

    private static ProblemException busy() {
        return new ProblemException(503, "photo-reading-busy", "混み合っています", "Busy",
                "写真の読み取りが混み合っています。少し待ってからもう一度選んでください。 Try again in a moment.");
    }

    private static ProblemException unreadable() {
        return new ProblemException(422, "photo-unreadable", "写真を読み取れませんでした", "The photo could not be read",
                "写真を読み取れませんでした。明るい場所で、証明書の全体を写してください。 The photo could not be read; take it in good "
                        + "light, with the whole certificate.");
    }

    private Semaphore semaphore() {
        Semaphore s = running;
        if (s == null) {
            synchronized (this) {
                if (running == null) {
                    running = new Semaphore(Math.max(1, concurrency));
                }
                s = running;
            }
        }
        return s;
    }
}
