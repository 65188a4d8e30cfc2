package io.roistream.stack.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command line of a Java program run by this JVM's own {@code java}: JVM options, system
 * properties, then either {@code -cp CLASSPATH MAIN} or {@code -jar JAR}, then the arguments.
 */
public final class JavaCommand {

    private final List<String> words;

    private JavaCommand(List<String> words) {
        this.words = List.copyOf(words);
    }

    /** A builder for a command. */
    public static Builder builder() {
        return new Builder();
    }

    /** The {@code java} executable of the running JVM. */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The command as a list of words, ready for {@link ProcessBuilder}. */
    public List<String> words() {
        return words;
    }

    @Override
    public String toString() {
        return String.join(" ", words);
    }

    /** Builds a {@link JavaCommand}. */
    public static final class Builder {
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> systemProperties = new ArrayList<>();
        private final List<String> launch = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>();

        private Builder() {}

        /** Adds JVM options such as {@code -Xmx256m}. */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** Adds {@code -Dname=value}. */
        public Builder systemProperty(String name, Object value) {
            systemProperties.add("-D" + name + "=" + Objects.requireNonNull(value, name));
            return this;
        }

        /** Runs {@code mainClass} from {@code classpath}. */
        public Builder mainClass(String classpath, String mainClass) {
            launch.clear();
            launch.addAll(List.of("-cp", classpath, mainClass));
            return this;
        }

        /** Runs an executable jar. */
        public Builder jar(Path jar) {
            launch.clear();
            launch.addAll(List.of("-jar", jar.toString()));
            return this;
        }

        /** Adds program arguments. */
        public Builder arguments(String... values) {
            arguments.addAll(List.of(values));
            return this;
        }

        /** Creates the command. */
        public JavaCommand build() {
            if (launch.isEmpty()) {
                throw new IllegalStateException("neither a main class nor a jar was given");
            }
            List<String> words = new ArrayList<>();
            words.add(javaExecutable().toString());
            words.addAll(jvmOptions);
            words.addAll(systemProperties);
            words.addAll(launch);
            words.addAll(arguments);
            return new JavaCommand(words);
        }
    }
}
