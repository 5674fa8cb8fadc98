package jp.kyodo.crm.notifications.internal;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.sweeps.CitySweeps;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends the outbox over SMTP (Jakarta Mail) outside any database transaction: at once after a notification's commit,
 * and every {@code kyodo.smtp.retry-seconds} (at least 5) for every active city ({@link CitySweeps}; a city whose
 * delivery fails is logged and does not stop the others). Failures are logged and retried with back-off;
 * they never reach the citizen's request. Configuration: {@code kyodo.smtp.host}, {@code .port}, {@code .from},
 * {@code .username}, {@code .password}, {@code .starttls}, {@code .enabled} (environment {@code KYODO_SMTP_*}).
 * Each batch is claimed in the database ({@link MailClaim}: {@code FOR UPDATE SKIP LOCKED} and a lease), so with
 * several servers each message is sent by one of them; only a server that dies between handing a batch to the SMTP
 * server and marking it sent can cause messages to be sent again, after the lease — at most the one batch in hand
 * ({@link #CLAIM_BATCH} messages), since a batch is marked sent in one commit after it went out. Within one JVM a lock
 * keeps one sender. A batch goes over one SMTP connection; a delivery is queued {@code kyodo.smtp.gather-ms} after a
 * commit (default 200) and the commits that come meanwhile join it (one claim and one mark for the messages of several
 * requests); the marks of a full batch and the claim of the next are one transaction, and a claim that comes back
 * short ends the delivery (no extra empty claim).
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class.getName());

    @Inject
    @ConfigProperty(name = "kyodo.smtp.enabled", defaultValue = "true")
    boolean enabled;
    @Inject
    @ConfigProperty(name = "kyodo.smtp.host", defaultValue = "localhost")
    String host;
    @Inject
    @ConfigProperty(name = "kyodo.smtp.port", defaultValue = "2525")
    int port;
    @Inject
    @ConfigProperty(name = "kyodo.smtp.from", defaultValue = "noreply@kyodo.localhost")
    String from;
    @Inject
    @ConfigProperty(name = "kyodo.smtp.username")
    Optional<String> username;
    @Inject
    @ConfigProperty(name = "kyodo.smtp.password")
    Optional<String> password;
    @Inject
    @ConfigProperty(name = "kyodo.smtp.starttls", defaultValue = "false")
    boolean starttls;
    @Inject
    @ConfigProperty(name = "kyodo.smtp.retry-seconds", defaultValue = "30")
    int retrySeconds;
    /**
     * How long a claimed batch is this server's ({@code kyodo.smtp.lease-seconds}, default 600): longer than sending
     * {@link #CLAIM_BATCH} messages can take with the SMTP timeouts (3 × 10 s each), so a slow server is never
     * overtaken; a server that died mid-batch leaves the rest to another after it.
     */
    @Inject
    @ConfigProperty(name = "kyodo.smtp.lease-seconds", defaultValue = "600")
    int leaseSeconds;
    /**
     * How long a delivery waits after the commit that asked for it ({@code kyodo.smtp.gather-ms}, default 200; 0: at
     * once), so that the e-mails of the requests that commit meanwhile go in the same claim, connection and mark: under
     * load a few transactions per batch instead of two per e-mail, for an e-mail that leaves that much later.
     */
    @Inject
    @ConfigProperty(name = "kyodo.smtp.gather-ms", defaultValue = "200")
    int gatherMs;

    /**
     * Messages claimed at once: a dead server delays at most this many by a lease, and a server that dies after the
     * SMTP server took them but before their mark committed has them sent again (at most this many).
     */
    static final int CLAIM_BATCH = 10;
    /** Batches per city and run at most, so that one busy city does not hold the sweep of the others. */
    static final int MAX_ROUNDS = 20;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService executor;
    @Inject
    TenantContext tenant;
    @Inject
    CitySweeps sweeps;
    @Inject
    OutboxStore outbox;
    /** This bean through its proxy, so that {@link ActivateRequestContext} applies on the executor's threads. */
    @Inject
    MailSender self;

    private final ReentrantLock lock = new ReentrantLock();
    /** Cities with a delivery queued on the executor that has not started claiming yet. */
    private final java.util.concurrent.ConcurrentHashMap<java.util.UUID, Boolean> queued = new java.util.concurrent.ConcurrentHashMap<>();

    void onStart(@Observes Startup startup) {
        if (!enabled) {
            LOG.info("e-mail notifications are off (kyodo.smtp.enabled=false): messages stay in the portal inbox");
            return;
        }
        int every = Math.max(5, retrySeconds);
        // a sweep that sent something says so, with the city: with several servers, each server's log shows its share
        if (sweeps.everyActiveCity("e-mail outbox", "kyodo.smtp.retry-seconds, at least 5", every, city -> {
            int sent = self.deliver(city);
            if (sent > 0) {
                LOG.info("e-mail outbox of " + city.code() + ": " + sent + " sent by this server's sweep");
            }
        })) {
            LOG.info("e-mail notifications over SMTP " + host + ":" + port + ", outbox swept every " + every + " s");
        }
    }

    /**
     * Delivers the city's due messages soon, on the executor. A delivery already queued for the city and not yet
     * claiming takes this one's messages too (it claims after this commit), so no second one is queued: under load
     * one claim takes the messages of several requests.
     */
    public void deliverSoon(City city) {
        if (enabled && queued.putIfAbsent(city.id(), Boolean.TRUE) == null) {
            try {
                Runnable delivery = () -> {
                    try {
                        self.deliver(city);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "e-mail delivery for " + city.code() + " failed; the sweep retries: " + e, e);
                    }
                };
                if (gatherMs > 0) {
                    executor.schedule(delivery, gatherMs, java.util.concurrent.TimeUnit.MILLISECONDS);
                } else {
                    executor.execute(delivery);
                }
            } catch (RuntimeException e) {
                queued.remove(city.id());
                throw e;
            }
        }
    }

    /** Sends the due messages of one city; returns how many were sent. */
    @ActivateRequestContext
    public int deliver(City city) {
        lock.lock();
        try {
            // from here on a commit asks for a delivery of its own: whatever committed before is seen by the claim below
            queued.remove(city.id());
            return tenant.runAs(city, () -> {
                int sent = 0;
                // batch after batch until a claim comes back short: then it took all that was due (a message committed
                // later has its own delivery queued, a failed one is due again only after its back-off, the sweep
                // catches the rest). A full batch's marks and the next claim are one transaction.
                List<OutboxStore.Pending> batch = outbox.claim(leaseSeconds, CLAIM_BATCH);
                for (int round = 1; ; round++) {
                    List<java.util.UUID> done = sendBatch(city, batch);
                    sent += done.size();
                    if (batch.size() < CLAIM_BATCH || round >= MAX_ROUNDS) {
                        if (!done.isEmpty()) {
                            outbox.sent(done);
                        }
                        return sent;
                    }
                    batch = outbox.sentAndClaim(done, leaseSeconds, CLAIM_BATCH);
                }
            });
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a claimed batch over one SMTP connection and returns the ids the SMTP server took; the caller marks them
     * sent in one commit, so a server that dies mid-batch repeats at most this batch (after the lease). A failed
     * message is recorded with its back-off (its own commit: rare) and the next one gets a fresh connection.
     */
    private List<java.util.UUID> sendBatch(City city, List<OutboxStore.Pending> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<java.util.UUID> sent = new java.util.ArrayList<>(batch.size());
        Session session = session();
        Transport transport = null;
        try {
            for (OutboxStore.Pending p : batch) {
                try {
                    if (transport == null) {
                        transport = connect(session);
                    }
                    MimeMessage m = message(session, p.recipient(), p.subject(), p.body());
                    transport.sendMessage(m, m.getAllRecipients());
                    sent.add(p.id());
                } catch (MessagingException | RuntimeException e) {
                    LOG.warning("e-mail " + p.id() + " of " + city.code() + " not sent (attempt " + (p.attempts() + 1)
                            + " of " + OutboxStore.MAX_ATTEMPTS + "): " + e);
                    try {
                        outbox.failed(p.id(), e.toString());
                    } catch (RuntimeException notRecorded) {
                        // the messages sent before it are still marked below; this one is due again after the lease
                        LOG.warning("e-mail " + p.id() + " of " + city.code() + ": failure not recorded: " + notRecorded);
                    }
                    close(transport);
                    transport = null;
                }
            }
        } finally {
            close(transport);
        }
        return sent;
    }

    private Transport connect(Session session) throws MessagingException {
        Transport t = session.getTransport("smtp");
        if (username.isPresent() && !username.get().isBlank()) {
            t.connect(host, port, username.get(), password.orElse(""));
        } else {
            t.connect();
        }
        return t;
    }

    private static void close(Transport t) {
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException | RuntimeException e) {
                LOG.fine("SMTP connection not closed cleanly: " + e);
            }
        }
    }

    /**
     * The mail session, made once: {@code Session.getInstance} reads the providers' and address maps' resources from
     * the class path each time (about a third of the e-mail's profile samples; docs/benchmarks.md). The
     * configuration does not change while the application runs.
     */
    private Session session() {
        Session s = session;
        if (s == null) {
            s = newSession();
            session = s;
        }
        return s;
    }

    private volatile Session session;

    private Session newSession() {
        Properties props = new Properties();
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.writetimeout", "10000");
        props.put("mail.smtp.starttls.enable", String.valueOf(starttls));
        boolean auth = username.isPresent() && !username.get().isBlank();
        props.put("mail.smtp.auth", String.valueOf(auth));
        Session session = auth ? Session.getInstance(props, new jakarta.mail.Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(username.get(), password.orElse(""));
            }
        }) : Session.getInstance(props);
        return session;
    }

    private MimeMessage message(Session session, String to, String subject, String body) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        m.setHeader("Auto-Submitted", "auto-generated");
        m.saveChanges(); // what Transport.send does before sending: Message-ID, MIME headers
        return m;
    }
}
