package io.roistream.cli.pipeline;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in service for {@link ServiceProcessTest}: answers {@code /health} with 200 on
 * {@code --metrics.port}, writes {@code --marker} from its shutdown hook, and exits at once with
 * status 3 when given {@code --fail=true}.
 */
public final class HealthyMain {

    private HealthyMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> flags = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            flags.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        if (Boolean.parseBoolean(flags.getOrDefault("fail", "false"))) {
            System.out.println("failing on purpose");
            System.exit(3);
        }
        Path marker = Path.of(flags.get("marker"));
        HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(flags.get("metrics.port"))), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(marker, "stopped");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        System.out.println("up");
        Thread.currentThread().join();
    }
}
