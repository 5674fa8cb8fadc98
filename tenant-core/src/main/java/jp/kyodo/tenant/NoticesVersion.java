package jp.kyodo.tenant;

import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The version of a city's notices (table {@code notice_version}, migration V22) as read in the <em>current JTA
 * transaction</em>: a signed-in page reads it with its session, role and settings ({@code CityRoles.sessionAndRole}),
 * and the notices' list may then be answered from a copy kept under the same version (portal's
 * {@code NoticeService}). Every write of a notice row gives its city a version never used before (a trigger), so an
 * equal version means the list has not changed, on any server. Kept in the transaction's registry only: it is gone
 * with the transaction, and a request without a transaction (a form post) has none, so its list is read.
 */
public final class NoticesVersion {

    private static final String KEY = "kyodo.notices.version";
    private static final Object FORGOTTEN = "forgotten";

    private NoticesVersion() {
    }

    /** What was read: the city it was read for (under that city's binding) and its version. */
    private record Read(UUID city, long version) {
    }

    /** Records {@code version} as read for {@code city} in the current transaction; outside one, nothing. */
    public static void read(UUID city, long version) {
        TransactionSynchronizationRegistry tsr = TenantBinding.activeRegistry();
        if (tsr != null && city != null) {
            tsr.putResource(KEY, new Read(city, version));
        }
    }

    /** The version read for {@code city} in the current transaction, if one was. */
    public static OptionalLong inThisTransaction(UUID city) {
        TransactionSynchronizationRegistry tsr = TenantBinding.activeRegistry();
        if (tsr == null || city == null) {
            return OptionalLong.empty();
        }
        return tsr.getResource(KEY) instanceof Read r && city.equals(r.city) ? OptionalLong.of(r.version)
                : OptionalLong.empty();
    }

    /** Forgets the version read in the current transaction: it wrote a notice, so the version read is no longer its. */
    public static void forget() {
        TransactionSynchronizationRegistry tsr = TenantBinding.activeRegistry();
        if (tsr != null && tsr.getResource(KEY) != null) {
            tsr.putResource(KEY, FORGOTTEN);
        }
    }
}
