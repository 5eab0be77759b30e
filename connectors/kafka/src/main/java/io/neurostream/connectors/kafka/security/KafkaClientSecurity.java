package io.neurostream.connectors.kafka.security;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * How our Kafka clients authenticate: Kafka client properties ({@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}, named as Kafka names them) that every client the project creates
 * gets — Flink's KafkaSource/KafkaSink ({@code KafkaConnections}), the replay producer
 * ({@code RecordProducer}), admin clients ({@code TopicAdmin}) and read_committed readers.
 *
 * <pre>{@code
 * # client.properties (neurostream --kafka-properties client.properties ..., or NEUROSTREAM_KAFKA_PROPERTIES)
 * security.protocol=SASL_SSL
 * sasl.mechanism=SCRAM-SHA-512
 * sasl.username=neurostream          # shorthand: becomes sasl.jaas.config (ScramLoginModule)
 * sasl.password=...
 * ssl.truststore.type=PEM
 * ssl.truststore.location=/etc/neurostream/ca.pem
 * }</pre>
 *
 * Environment variables {@code NEUROSTREAM_KAFKA_<NAME>} set one property each, the name in upper
 * case with dots as underscores ({@code NEUROSTREAM_KAFKA_SASL_PASSWORD} = {@code sasl.password},
 * {@code NEUROSTREAM_KAFKA_SSL_TRUSTSTORE_LOCATION} = {@code ssl.truststore.location}); they
 * override the file's. Unknown names fail at once, naming the variable or line.
 *
 * <p>Which settings a client gets: a broker this process started ({@code EmbeddedKafkaBroker})
 * registers its own for its address; any other address gets the process default, set once from
 * {@code --kafka-properties} ({@link #useByDefault}) or else read from the environment.
 *
 * <p>Secrets never leave through us: {@link #toString()} and {@link #describe()} mask them, Kafka
 * logs its password-typed properties as {@code [hidden]}, and a refused connection is reported by
 * {@link #refusal(Throwable, String)} with the user name only.
 */
public final class KafkaClientSecurity {
    /** Prefix of the environment variables that set client properties. */
    public static final String ENV_PREFIX = "NEUROSTREAM_KAFKA_";
    /** Environment variable naming a properties file (the variables above override its lines). */
    public static final String ENV_PROPERTIES_FILE = "NEUROSTREAM_KAFKA_PROPERTIES";
    /** Shorthand for the SASL user: turned into {@code sasl.jaas.config} with {@link #PASSWORD}. */
    public static final String USERNAME = "sasl.username";
    /** Shorthand for the SASL password (see {@link #USERNAME}). */
    public static final String PASSWORD = "sasl.password";

    private static final String MASK = "[hidden]";
    /** Properties the project sets itself, per client: a file naming them is a mistake. */
    private static final Set<String> OURS = Set.of("bootstrap.servers", "key.serializer", "value.serializer",
            "key.deserializer", "value.deserializer", "transactional.id", "group.id", "isolation.level");
    private static final Set<String> KNOWN = knownNames();
    private static final Set<String> SECRET = secretNames();
    private static final Pattern JAAS_USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");
    private static final KafkaClientSecurity NONE = new KafkaClientSecurity(Map.of());

    private static final Map<String, KafkaClientSecurity> REGISTERED = new ConcurrentHashMap<>();
    private static volatile KafkaClientSecurity processDefault;

    private final Map<String, String> properties;

    private KafkaClientSecurity(Map<String, String> properties) {
        this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** Plaintext: no client properties. */
    public static KafkaClientSecurity none() {
        return NONE;
    }

    /**
     * Client properties as given ({@link #USERNAME}/{@link #PASSWORD} expanded); checked: every
     * name must be a Kafka client property, and a SASL protocol needs a mechanism and credentials.
     */
    public static KafkaClientSecurity of(Map<String, String> properties) {
        return of(properties, Map.of());
    }

    /** As {@link #of(Map)}; {@code origins} says where each name came from, for messages. */
    private static KafkaClientSecurity of(Map<String, String> given, Map<String, String> origins) {
        Map<String, String> props = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String name = e.getKey().trim();
            String origin = origins.getOrDefault(e.getKey(), "'" + name + "'");
            if (OURS.contains(name)) {
                throw new IllegalArgumentException(origin + ": " + name + " is set by Neurostream itself ("
                        + (name.equals("bootstrap.servers") ? "give it with --bootstrap-servers" : "per client")
                        + "); remove it");
            }
            if (!KNOWN.contains(name) && !name.equals(USERNAME) && !name.equals(PASSWORD)) {
                throw new IllegalArgumentException(origin + ": '" + name + "' is not a Kafka client property "
                        + "(e.g. security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore.location; or "
                        + USERNAME + "/" + PASSWORD + ")");
            }
            props.put(name, e.getValue().trim());
        }
        String user = props.remove(USERNAME);
        String password = props.remove(PASSWORD);
        if (user != null || password != null) {
            if (user == null || password == null) {
                throw new IllegalArgumentException("give both " + USERNAME + " and " + PASSWORD + " (or sasl.jaas.config)");
            }
            if (props.containsKey("sasl.jaas.config")) {
                throw new IllegalArgumentException("give either " + USERNAME + "/" + PASSWORD + " or sasl.jaas.config, not both");
            }
            props.put("sasl.jaas.config", jaasConfig(props.getOrDefault("sasl.mechanism", "GSSAPI"), user, password));
        }
        String protocol = props.getOrDefault("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
        if (!Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").contains(protocol)) {
            throw new IllegalArgumentException("security.protocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, got '"
                    + props.get("security.protocol") + "'");
        }
        if (protocol.startsWith("SASL_") && !props.containsKey("sasl.jaas.config")) {
            throw new IllegalArgumentException("security.protocol " + protocol + " needs credentials: set "
                    + USERNAME + " and " + PASSWORD + " (NEUROSTREAM_KAFKA_SASL_USERNAME/_PASSWORD) or sasl.jaas.config");
        }
        return props.isEmpty() ? NONE : new KafkaClientSecurity(props);
    }

    /** The JAAS line for SCRAM or PLAIN user/password login. */
    static String jaasConfig(String mechanism, String user, String password) {
        String module = switch (mechanism.toUpperCase(Locale.ROOT)) {
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            default -> throw new IllegalArgumentException(USERNAME + "/" + PASSWORD + " work with sasl.mechanism "
                    + "SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN; got '" + mechanism + "' (set sasl.mechanism, or give sasl.jaas.config)");
        };
        if (user.contains("\"") || password.contains("\"") || user.contains("\\") || password.contains("\\")) {
            throw new IllegalArgumentException(USERNAME + "/" + PASSWORD + " cannot contain \" or \\ "
                    + "(give sasl.jaas.config instead)");
        }
        return module + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** The properties of a Java properties file, checked as {@link #of(Map)} does. */
    public static KafkaClientSecurity fromFile(Path file) {
        return load(file, Map.of());
    }

    /**
     * The settings the environment gives: the lines of {@code file} (else of the file
     * {@value #ENV_PROPERTIES_FILE} names, else none), then each {@code NEUROSTREAM_KAFKA_<NAME>}
     * variable on top.
     *
     * @param file a properties file given on the command line (wins over {@value #ENV_PROPERTIES_FILE}), or null
     */
    public static KafkaClientSecurity load(Path file, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        String envFile = environment.get(ENV_PROPERTIES_FILE);
        Path source = file != null ? file : envFile == null || envFile.isBlank() ? null : Path.of(envFile);
        if (source != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("Kafka properties file " + source + " does not exist");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Kafka properties file " + source, e);
            }
            for (String name : new java.util.TreeSet<>(p.stringPropertyNames())) {
                values.put(name, p.getProperty(name));
                origins.put(name, "properties file " + source);
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String variable = e.getKey();
            if (!variable.startsWith(ENV_PREFIX) || variable.equals(ENV_PROPERTIES_FILE)) {
                continue;
            }
            String name = variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (name.equals(USERNAME) || name.equals(PASSWORD)) {
                values.remove("sasl.jaas.config"); // the environment's credentials replace the file's
            }
            values.put(name, e.getValue());
            origins.put(name, "environment variable " + variable);
        }
        return of(values, origins);
    }

    // ---- which settings a client gets ----

    /**
     * The settings for clients of {@code bootstrapServers}: those a broker in this process
     * registered for its address, else the process default ({@link #useByDefault}, else the
     * environment, read once).
     */
    public static KafkaClientSecurity forServers(String bootstrapServers) {
        KafkaClientSecurity registered = bootstrapServers == null ? null : REGISTERED.get(bootstrapServers);
        return registered != null ? registered : processDefault();
    }

    /** The process default: what {@link #useByDefault} set, else the environment's settings. */
    public static KafkaClientSecurity processDefault() {
        KafkaClientSecurity d = processDefault;
        if (d == null) {
            synchronized (KafkaClientSecurity.class) {
                if (processDefault == null) {
                    processDefault = load(null, System.getenv());
                }
                d = processDefault;
            }
        }
        return d;
    }

    /**
     * Makes {@code settings} the default of every client this process creates from now on (the
     * CLI's {@code --kafka-properties}, a job main's {@code --kafka-properties}); null returns to
     * reading the environment.
     */
    public static synchronized void useByDefault(KafkaClientSecurity settings) {
        processDefault = settings;
    }

    /** For a broker started in this process: its clients get {@code settings}, whatever the default. */
    public static void register(String bootstrapServers, KafkaClientSecurity settings) {
        REGISTERED.put(bootstrapServers, settings);
    }

    /** Undoes {@link #register} when that broker stops. */
    public static void unregister(String bootstrapServers) {
        REGISTERED.remove(bootstrapServers);
    }

    // ---- using them ----

    /** Copies the properties into {@code props} (call before setting the client's own ones) and returns it. */
    public Properties applyTo(Properties props) {
        props.putAll(properties);
        return props;
    }

    /** The client properties, secrets included (for a client's configuration only: never print them). */
    public Map<String, String> properties() {
        return properties;
    }

    public boolean isSecured() {
        return !protocol().equals("PLAINTEXT");
    }

    /** {@code security.protocol}, PLAINTEXT if unset. */
    public String protocol() {
        return properties.getOrDefault("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
    }

    /** The SASL user name, or null without SASL. */
    public String user() {
        String jaas = properties.get("sasl.jaas.config");
        if (jaas == null) {
            return null;
        }
        Matcher m = JAAS_USERNAME.matcher(jaas);
        return m.find() ? m.group(1) : null;
    }

    /** One line for people: protocol, mechanism and user, whether a client certificate is given; no secrets. */
    public String describe() {
        String protocol = protocol();
        StringBuilder s = new StringBuilder(protocol);
        if (protocol.startsWith("SASL_")) {
            s.append(", ").append(properties.getOrDefault("sasl.mechanism", "GSSAPI"));
            if (user() != null) {
                s.append(" as user '").append(user()).append('\'');
            }
        }
        if (protocol.endsWith("SSL")) {
            s.append(hasClientCertificate() ? ", with a client certificate" : ", no client certificate");
        }
        return s.toString();
    }

    private boolean hasClientCertificate() {
        return properties.containsKey("ssl.keystore.location") || properties.containsKey("ssl.keystore.key");
    }

    /** The properties with every secret replaced by {@code [hidden]}. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, isSecret(k) ? MASK : v));
        return shown.toString();
    }

    /** True for properties whose value must never be shown (Kafka's password-typed ones and look-alikes). */
    public static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SECRET.contains(n) || n.contains("password") || n.contains("secret") || n.contains("jaas")
                || n.endsWith(".key") || n.contains("credential") || n.contains("token");
    }

    // ---- refused connections ----

    /**
     * A plain message if {@code failure} (or one of its causes) is the broker refusing these
     * credentials, else null: "Kafka refused the connection: authentication failed for user X
     * (check the password / certificate)". Secrets are never part of it.
     */
    public String refusal(Throwable failure, String bootstrapServers) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.SaslAuthenticationException) {
                return "Kafka refused the connection to " + bootstrapServers + ": authentication failed for user '"
                        + (user() == null ? "?" : user()) + "' (" + protocol() + ", "
                        + properties.getOrDefault("sasl.mechanism", "GSSAPI") + "): check the user name and password";
            }
            if (t instanceof org.apache.kafka.common.errors.SslAuthenticationException) {
                String detail = String.valueOf(t.getMessage()) + " " + String.valueOf(t.getCause());
                String who = user() != null ? "user '" + user() + "'" : "this client";
                if (detail.contains("PKIX") || detail.contains("unable to find valid certification path")
                        || detail.contains("No subject alternative")) {
                    return "Kafka connection to " + bootstrapServers + " failed: the broker's certificate is not "
                            + "trusted (check ssl.truststore.location / ssl.truststore.certificates and the host name)";
                }
                return "Kafka refused the connection to " + bootstrapServers + ": authentication failed for " + who
                        + " (" + protocol() + (hasClientCertificate() ? ", client certificate rejected"
                        : ", no client certificate given") + "): check the certificate (ssl.keystore.*)";
            }
            if (t instanceof org.apache.kafka.common.errors.AuthenticationException) {
                return "Kafka refused the connection to " + bootstrapServers + ": authentication failed for "
                        + (user() == null ? "this client" : "user '" + user() + "'") + " (" + protocol()
                        + "): check the password / certificate";
            }
        }
        return null;
    }

    /**
     * {@code failure} as a {@link KafkaRefusedException} with the {@link #refusal} message if it is
     * one; else unchanged if unchecked, else wrapped in an {@link IllegalStateException}.
     */
    public RuntimeException explain(Throwable failure, String bootstrapServers) {
        String message = refusal(failure, bootstrapServers);
        if (message != null) {
            return new KafkaRefusedException(message, failure);
        }
        return failure instanceof RuntimeException r ? r : new IllegalStateException(failure.getMessage(), failure);
    }

    /** The broker refused our credentials; the message says which and what to check. */
    public static final class KafkaRefusedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        KafkaRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static Set<String> knownNames() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Collections.unmodifiableSet(names);
    }

    private static Set<String> secretNames() {
        Set<String> names = new HashSet<>();
        for (ConfigDef def : new ConfigDef[] {ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef()}) {
            def.configKeys().forEach((name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                    names.add(name);
                }
            });
        }
        return Collections.unmodifiableSet(names);
    }
}
