package jp.kyodo.integration.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures of a poller's batch store leave the batch to the next poll instead of storing it one by one. */
class TransientDatabaseTest {

    @Test
    void aConnectionNotGivenInTimeAnywhereInTheChainIsTransient() {
        // as Liberty's pool reports it (ConnectionWaitTimeoutException is an SQLTransientConnectionException), wrapped
        // by the persistence provider and the transaction
        var timeout = new SQLTransientConnectionException("J2CA0045E: Connection not available");
        assertTrue(IntegrationRuntime.transientDatabase(new RuntimeException(new PersistenceException(timeout))));
        assertTrue(IntegrationRuntime.transientDatabase(timeout));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(IntegrationRuntime.transientDatabase(new PersistenceException(new SQLException("duplicate key"))));
        assertFalse(IntegrationRuntime.transientDatabase(new IllegalStateException("no applicant")));
    }
}
