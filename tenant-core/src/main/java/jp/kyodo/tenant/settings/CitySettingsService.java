package jp.kyodo.tenant.settings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.settings.internal.CitySettingsRow;

/** Reads and changes the current city's settings. */
@ApplicationScoped
@Transactional
public class CitySettingsService {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    AuditLog audit;
    @Inject
    jakarta.enterprise.event.Event<CitySettingsChanged> changedEvent;

    @Inject
    jp.kyodo.tenant.settings.internal.RequestSettings requestMemo;

    /** The bound city's settings; read once per request (see {@code RequestSettings}), every time outside a request. */
    public CitySettings current() {
        java.util.UUID city = tenant.city().id();
        CitySettings memo = memo(m -> m.get(city));
        if (memo != null) {
            return memo;
        }
        CitySettings read = row().toSettings();
        memo(m -> {
            m.put(city, read);
            return null;
        });
        return read;
    }

    private CitySettings memo(java.util.function.Function<jp.kyodo.tenant.settings.internal.RequestSettings, CitySettings> f) {
        try {
            return f.apply(requestMemo);
        } catch (jakarta.enterprise.context.ContextNotActiveException noRequest) {
            return null; // background work: no request to remember it in
        }
    }

    public CitySettings update(CitySettings changed) {
        Checks.valid(changed);
        if (contrastAgainstWhite(changed.primaryColor()) < 4.5 || contrastAgainstWhite(changed.secondaryColor()) < 4.5) {
            throw ProblemException.badRequest("low-contrast",
                    "白い文字とのコントラスト比が 4.5:1 未満の色は使えません（JIS X 8341-3 / WCAG 2.1 AA）",
                    "colours need 4.5:1 contrast against white text (WCAG 2.1 AA)");
        }
        CitySettingsRow row = row();
        row.apply(changed);
        audit.record("settings.update", "city_settings", row.id.toString(), Map.of("displayName", changed.displayName()));
        CitySettings saved = row.toSettings();
        java.util.UUID city = tenant.city().id();
        memo(m -> {
            m.put(city, saved);
            return null;
        });
        changedEvent.fire(new CitySettingsChanged(tenant.city(), saved));
        return saved;
    }

    /** Creates the first settings of a newly created city; does nothing if they exist. */
    public void initialise(CitySettings defaults) {
        tenant.city();
        memo(m -> {
            m.clear();
            return null;
        });
        if (!em.createQuery("select s from CitySettingsRow s", CitySettingsRow.class).getResultList().isEmpty()) {
            return;
        }
        CitySettingsRow row = new CitySettingsRow();
        row.id = UUID.randomUUID();
        row.apply(defaults);
        em.persist(row);
    }

    private CitySettingsRow row() {
        tenant.city();
        return em.createQuery("select s from CitySettingsRow s", CitySettingsRow.class).getResultStream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("city settings"));
    }

    /** WCAG relative-luminance contrast ratio of a colour against white. */
    public static double contrastAgainstWhite(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        double l = 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
        return 1.05 / (l + 0.05);
    }

    private static double channel(int v) {
        double c = (v & 0xff) / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
