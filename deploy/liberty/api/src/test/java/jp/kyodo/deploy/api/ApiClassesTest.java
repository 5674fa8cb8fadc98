package jp.kyodo.deploy.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.ext.Provider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link KyodoApi} lists its classes instead of scanning them (they live in the EAR's shared library), so a resource or
 * an API filter that is written but not listed is silently absent — a guard that never runs fails open. Every Kyodo
 * class on the module's class path that is an API resource ({@code @Path}, named {@code …Resource}) or an API provider
 * ({@code @Provider} outside the pages: not in a {@code pages} package, not a {@code …PageGate}) must be listed.
 */
class ApiClassesTest {

    @Test
    void everyApiResourceAndProviderIsListed() throws Exception {
        Set<Class<?>> listed = new KyodoApi().getClasses();
        Set<String> missing = new TreeSet<>();
        int resources = 0;
        int providers = 0;
        for (String name : kyodoClassNames()) {
            // only classes whose bytes name a JAX-RS annotation are loaded (others may need libraries not here)
            Class<?> c = Class.forName(name, false, getClass().getClassLoader());
            boolean resource = c.isAnnotationPresent(Path.class) && c.getSimpleName().endsWith("Resource");
            boolean apiProvider = c.isAnnotationPresent(Provider.class) && !c.getPackageName().endsWith(".pages")
                    && !c.getSimpleName().endsWith("PageGate");
            resources += resource ? 1 : 0;
            providers += apiProvider ? 1 : 0;
            if ((resource || apiProvider) && !listed.contains(c)) {
                missing.add(name);
            }
        }
        assertTrue(resources >= 20 && providers >= 4, "the scan found the modules' classes: " + resources
                + " resources, " + providers + " providers");
        assertTrue(missing.isEmpty(), "not listed in KyodoApi.getClasses(), so absent from the API: " + missing);
    }

    /** The names of the classes under jp/kyodo in the class path's directories and jars (the modules this one lists). */
    static List<String> kyodoClassNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry);
            if (f.isDirectory()) {
                try (Stream<java.nio.file.Path> files = Files.walk(f.toPath())) {
                    files.map(p -> f.toPath().relativize(p).toString().replace(File.separatorChar, '/'))
                            .filter(ApiClassesTest::isKyodoClass)
                            .filter(n -> mentionsJaxRs(read(f.toPath().resolve(n))))
                            .forEach(n -> names.add(className(n)));
                }
            } else if (f.getName().endsWith(".jar") && f.isFile()) {
                try (JarFile jar = new JarFile(f)) {
                    for (var e : java.util.Collections.list(jar.entries())) {
                        if (isKyodoClass(e.getName()) && mentionsJaxRs(jar.getInputStream(e).readAllBytes())) {
                            names.add(className(e.getName()));
                        }
                    }
                }
            }
        }
        return names;
    }

    static byte[] read(java.nio.file.Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The class file names {@code @Path} or {@code @Provider} as an annotation type (a descriptor in its pool). */
    static boolean mentionsJaxRs(byte[] classFile) {
        String text = new String(classFile, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.contains("Ljakarta/ws/rs/Path;") || text.contains("Ljakarta/ws/rs/ext/Provider;");
    }

    static boolean isKyodoClass(String path) {
        return path.startsWith("jp/kyodo/") && path.endsWith(".class") && !path.contains("$")
                && !path.startsWith("jp/kyodo/deploy/api/");
    }

    static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
