import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Launched as a single-file program by the dummy bin/server script. */
public class DummyLiberty {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv("KYODO_HTTP_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/health/ready", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("dummy liberty " + args[0] + " started with KYODO_DB_PORT=" + System.getenv("KYODO_DB_PORT"));
    }
}
