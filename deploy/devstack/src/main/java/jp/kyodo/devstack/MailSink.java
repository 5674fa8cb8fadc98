package jp.kyodo.devstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * A local SMTP server (GreenMail) for development and integration tests: accepts every message for every address,
 * logs one line per message and writes it to {@code <data>/mail/*.eml}, so nobody's real inbox is ever written to.
 */
public final class MailSink implements AutoCloseable {

    private final GreenMail mail;
    private final Path folder;
    private final Thread writer;
    private volatile boolean running = true;

    private MailSink(int port, Path folder) {
        this.folder = folder;
        this.mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        this.mail.start();
        this.writer = new Thread(this::writeLoop, "kyodo-mail-sink");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Starts the sink on localhost:{@code port}, writing messages under {@code folder}. */
    public static MailSink start(int port, Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DevStackException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        MailSink s = new MailSink(port, folder);
        Log.info("SMTP sink on localhost:" + port + ", messages written to " + folder);
        return s;
    }

    /** Every message received so far, oldest first. */
    public List<MimeMessage> received() {
        return Arrays.asList(mail.getReceivedMessages());
    }

    public Path folder() {
        return folder;
    }

    private void writeLoop() {
        int written = 0;
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
        while (running) {
            MimeMessage[] all = mail.getReceivedMessages();
            for (; written < all.length; written++) {
                MimeMessage m = all[written];
                Path file = folder.resolve(f.format(LocalDateTime.now()) + "-" + (written + 1) + ".eml");
                try (OutputStream out = Files.newOutputStream(file)) {
                    m.writeTo(out);
                    Log.info("mail to " + String.join(", ", m.getHeader("To") == null ? new String[0] : m.getHeader("To"))
                            + ": " + m.getSubject() + " (" + file.getFileName() + ")");
                } catch (IOException | MessagingException e) {
                    Log.warn("could not write a received mail: " + e.getMessage());
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
        mail.stop();
    }
}
