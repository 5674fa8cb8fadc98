package jp.kyodo.tenant.bench;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.internal.CityRow;

/** The reference endpoint's queries; each call is one transaction. */
@ApplicationScoped
@Transactional
public class ReferenceQuery {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;

    /** One indexed query under the bound city: the members with this subject (unique index, 0 or 1). */
    public long members(String subject) {
        return em.createQuery("select count(m) from MemberRow m where m.keycloakUserId = :sub", Long.class)
                .setParameter("sub", subject).getSingleResult();
    }

    Optional<City> city(String code) {
        return em.createQuery("select c from CityRow c where c.code = :c", CityRow.class).setParameter("c", code)
                .getResultStream().findFirst().map(CityRow::toCity).filter(City::isActive);
    }
}
