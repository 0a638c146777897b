import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step of the app module (its pom runs it after the shade plugin, with ASM on the class
 * path): rewrites the class files of the shaded jar that are older than Java 6 (major version
 * below 50) as Java 8 class files with stack map frames, then loads every rewritten class so that
 * the JVM's verifier checks it; any error fails the build.
 *
 * <p>Why: picocli ships Java 5 class files. The JVM's ahead-of-time cache (JDK 25, made by the
 * launcher from a training run) cannot keep a class that old once it has been linked, so all of
 * picocli's 175 classes were read from the jar and checked by the old type-inferring verifier
 * on every start, about 50 ms of each {@code sluice} command. The code is unchanged; only the
 * version and the frames that newer versions require are written.
 *
 * <p>Usage: {@code java -cp asm.jar scripts/UpgradeOldClassFiles.java app/target/sluice.jar}
 */
public final class UpgradeOldClassFiles {
    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp asm.jar UpgradeOldClassFiles.java JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path out = jar.resolveSibling(jar.getFileName() + ".upgrading");
        List<String> upgraded = new ArrayList<>();
        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                var in = new ZipInputStream(Files.newInputStream(jar));
                var zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().endsWith(".class") && majorVersion(bytes) < JAVA_6) {
                    bytes = upgrade(bytes, loader);
                    upgraded.add(e.getName());
                }
                var copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime()); // same timestamps, so the build stays reproducible
                zip.putNextEntry(copy);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        verify(out, upgraded);
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("UpgradeOldClassFiles: " + upgraded.size() + " class files of " + jar.getFileName()
                + " rewritten as Java 8 with stack map frames");
    }

    private static int majorVersion(byte[] c) {
        if (c.length < 8 || (c[0] & 0xff) != 0xCA || (c[1] & 0xff) != 0xFE) return Integer.MAX_VALUE;
        return (c[6] & 0xff) << 8 | (c[7] & 0xff);
    }

    private static byte[] upgrade(byte[] bytes, ClassLoader loader) {
        // COMPUTE_FRAMES asks for common superclasses; they are looked up among the jar's classes.
        var writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return loader;
            }
        };
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /** Links every rewritten class (the verifier runs at link time); a VerifyError fails the build. */
    private static void verify(Path jar, List<String> classes) throws IOException {
        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            for (String entry : classes) {
                String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                try {
                    Class.forName(name, true, loader);
                } catch (ClassNotFoundException | ExceptionInInitializerError | NoClassDefFoundError e) {
                    // not a verification failure: a class that needs something absent here to initialise
                } catch (LinkageError e) {
                    Files.deleteIfExists(jar);
                    throw new IllegalStateException("rewritten " + entry + " does not verify: " + e, e);
                }
            }
        }
    }
}
