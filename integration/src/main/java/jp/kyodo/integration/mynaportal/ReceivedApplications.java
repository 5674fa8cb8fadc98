package jp.kyodo.integration.mynaportal;

/**
 * Where a received マイナポータル application goes in the city. Called inside the transaction that also records the
 * 受付番号 as received, with the city bound: whatever the implementation writes commits exactly once with it.
 * Today's implementation opens a case in the city's contact centre (channel MYNAPORTAL); the applications capability
 * replaces it by providing its own bean of this type ({@code @Alternative @Priority}).
 */
public interface ReceivedApplications {

    void receive(ReceivedApplication application);

    /**
     * Several applications received together (a poller's batch, each recorded as received in the same transaction):
     * the same as {@link #receive} for each, in order; an implementation may share work across them.
     */
    default void receiveAll(java.util.List<ReceivedApplication> applications) {
        applications.forEach(this::receive);
    }
}
