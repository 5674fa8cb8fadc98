package jp.kyodo.deploy.api;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API (context root /api), authenticated by MicroProfile JWT bearer tokens from Keycloak.
 * Lists the resources of every module explicitly: they live in the EAR's shared library.
 */
@ApplicationPath("/")
@DeclareRoles({"citizen", "operator", "staff", "city-admin", "vendor", "national-analyst"})
@LoginConfig(authMethod = "MP-JWT", realmName = "kyodo")
@OpenAPIDefinition(info = @Info(title = "Kyodo API", version = "1",
        description = "Shared administrative service platform for municipalities. Errors are RFC 9457 problem+json."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class KyodoApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                jp.kyodo.tenant.internal.BodyLimitFilter.class,
                jp.kyodo.tenant.internal.ApiTenantFilter.class,
                jp.kyodo.tenant.internal.ServiceRoleCheckGuard.class,
                jp.kyodo.tenant.settings.ModuleGate.class,
                jp.kyodo.tenant.problem.ProblemMappers.class,
                jp.kyodo.admin.cities.CitiesResource.class,
                jp.kyodo.admin.city.CityAdminResource.class,
                jp.kyodo.admin.city.MembersResource.class,
                jp.kyodo.admin.national.StatisticsResource.class,
                jp.kyodo.portal.notices.NoticesResource.class,
                jp.kyodo.agents.concierge.ConciergeResource.class,
                jp.kyodo.agents.programmes.ProgrammesResource.class,
                jp.kyodo.agents.knowledgebase.KnowledgeBaseResource.class,
                jp.kyodo.agents.lifeevents.LifeEventBundlesResource.class,
                jp.kyodo.agents.lifeevents.BundleOperatorsResource.class,
                jp.kyodo.crm.cases.CasesResource.class,
                jp.kyodo.crm.cases.MyInquiriesResource.class,
                jp.kyodo.crm.cases.FaqProposalsResource.class,
                jp.kyodo.crm.citizens.MyRecordResource.class,
                jp.kyodo.crm.citizens.CitizensResource.class,
                jp.kyodo.crm.notifications.InboxResource.class,
                jp.kyodo.crm.applications.ProceduresResource.class,
                jp.kyodo.crm.applications.MyApplicationsResource.class,
                jp.kyodo.crm.applications.ApplicationsResource.class,
                jp.kyodo.integration.connectors.ConnectorsResource.class,
                jp.kyodo.integration.connectors.IntegrationServerResource.class,
                jp.kyodo.integration.deadletters.DeadLettersResource.class,
                jp.kyodo.integration.residents.ResidentRecordsResource.class,
                // bench/one-server's floor: 404 unless kyodo.bench.reference-endpoint and dev mode are on
                jp.kyodo.tenant.bench.ReferenceResource.class);
    }
}
