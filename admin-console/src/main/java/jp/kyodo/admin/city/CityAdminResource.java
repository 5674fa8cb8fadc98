package jp.kyodo.admin.city;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditEntry;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.settings.CitySettings;
import jp.kyodo.tenant.settings.CitySettingsService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The city administrator's view of their own city: settings and audit trail. */
@Path("v1/city")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "city", description = "The caller's city: settings and audit trail")
public class CityAdminResource {

    @Inject
    TenantContext tenant;
    @Inject
    CitySettingsService settings;
    @Inject
    AuditLog audit;

    @GET
    @RolesAllowed({"city-admin", "staff", "operator", "citizen"})
    @Operation(summary = "The caller's city and its settings")
    public Map<String, Object> get() {
        City c = tenant.city();
        return Map.of("code", c.code(), "name", c.name(), "prefecture", c.prefecture(), "status", c.status().name(),
                "settings", settings.current());
    }

    @PUT
    @Path("settings")
    @RolesAllowed("city-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the city's display name, colours, logo, languages, modules")
    public CitySettings update(CitySettings changed) {
        return settings.update(changed);
    }

    @GET
    @Path("audit")
    @RolesAllowed("city-admin")
    @Operation(summary = "The city's audit trail, newest first")
    public List<AuditEntry> audit(@QueryParam("limit") @DefaultValue("100") int limit,
                                  @QueryParam("entityType") String entityType) {
        return audit.recent(limit, entityType);
    }
}
