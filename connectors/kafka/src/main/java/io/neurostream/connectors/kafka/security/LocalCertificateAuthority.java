package io.neurostream.connectors.kafka.security;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A certificate authority made on the spot, for a broker on this machine and its clients: an
 * EC P-256 key pair, a self-signed CA certificate, and certificates it signs for the broker (with
 * the host names and addresses clients connect to, so host name verification stays on) and for
 * clients (mutual TLS). Everything is PEM, which Kafka reads directly ({@code ssl.keystore.type=PEM},
 * {@code ssl.truststore.type=PEM}); nothing is written to disk unless the caller does it.
 *
 * <pre>{@code
 * LocalCertificateAuthority ca = LocalCertificateAuthority.create("neurostream-local-ca", Duration.ofDays(30));
 * IssuedCertificate broker = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(30));
 * String truststorePem = ca.certificatePem();
 * }</pre>
 *
 * Meant for trying security locally and for tests; a real deployment uses its organisation's CA.
 */
public final class LocalCertificateAuthority {
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    /** Clocks of machines differ a little: certificates are valid from a few minutes ago. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final SecureRandom random = new SecureRandom();
    private final KeyPair keys;
    private final X509Certificate certificate;

    private LocalCertificateAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new CA whose self-signed certificate has subject {@code CN=commonName}. */
    public static LocalCertificateAuthority create(String commonName, Duration validity) {
        KeyPair keys = newKeyPair();
        X509Certificate self = sign(keys.getPrivate(), commonName, commonName, keys.getPublic(), true,
                List.of(), List.of(), validity, new SecureRandom());
        return new LocalCertificateAuthority(keys, self);
    }

    /**
     * A certificate for {@code CN=commonName} signed by this CA, valid for TLS servers and clients.
     *
     * @param dnsNames    host names it is valid for (subject alternative names); empty for a client
     * @param ipAddresses IP addresses it is valid for, e.g. {@code 127.0.0.1}
     */
    public IssuedCertificate issue(String commonName, List<String> dnsNames, List<String> ipAddresses,
                                   Duration validity) {
        KeyPair leaf = newKeyPair();
        X509Certificate cert = sign(keys.getPrivate(), commonName(), commonName, leaf.getPublic(), false,
                dnsNames, ipAddresses, validity, random);
        return new IssuedCertificate(cert, leaf.getPrivate(), certificate);
    }

    /** The CA certificate (what clients and the broker trust). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate as PEM: the content of a {@code ssl.truststore.type=PEM} truststore. */
    public String certificatePem() {
        return pem("CERTIFICATE", encoded(certificate));
    }

    private String commonName() {
        String dn = certificate.getSubjectX500Principal().getName();
        return dn.startsWith("CN=") ? dn.substring(3) : dn;
    }

    /** A key pair and the certificate the CA signed for it. */
    public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, X509Certificate issuer) {
        /** The subject, e.g. {@code CN=neurostream-client}: a TLS client's principal on the broker. */
        public String subject() {
            return certificate.getSubjectX500Principal().getName();
        }

        /** Unencrypted PKCS#8 private key as PEM (Kafka's {@code ssl.keystore.key}). */
        public String privateKeyPem() {
            return pem("PRIVATE KEY", privateKey.getEncoded());
        }

        /** This certificate followed by its issuer's (Kafka's {@code ssl.keystore.certificate.chain}). */
        public String certificateChainPem() {
            return pem("CERTIFICATE", encoded(certificate)) + pem("CERTIFICATE", encoded(issuer));
        }

        /** Key and chain in one text: a {@code ssl.keystore.type=PEM} keystore file. */
        public String keyStorePem() {
            return privateKeyPem() + certificateChainPem();
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
        }
    }

    private static X509Certificate sign(PrivateKey issuerKey, String issuerName, String subjectName,
                                        PublicKey subjectKey, boolean ca, List<String> dnsNames,
                                        List<String> ipAddresses, Duration validity, SecureRandom random) {
        if (!"EC".equals(subjectKey.getAlgorithm())) {
            throw new IllegalArgumentException("expected an EC key, got " + subjectKey.getAlgorithm());
        }
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        List<byte[]> extensions = new ArrayList<>();
        extensions.add(extension(BASIC_CONSTRAINTS, true, ca ? Der.sequence(Der.bool(true)) : Der.sequence()));
        // keyCertSign + cRLSign for the CA, digitalSignature for TLS peers (ECDSA signs the handshake)
        extensions.add(extension(KEY_USAGE, true, ca ? Der.tagged(0x03, new byte[] {1, (byte) 0x06})
                : Der.tagged(0x03, new byte[] {7, (byte) 0x80})));
        if (!dnsNames.isEmpty() || !ipAddresses.isEmpty()) {
            List<byte[]> names = new ArrayList<>();
            for (String dns : dnsNames) {
                names.add(Der.implicitPrimitive(2, dns.getBytes(StandardCharsets.US_ASCII)));
            }
            for (String ip : ipAddresses) {
                names.add(Der.implicitPrimitive(7, ipBytes(ip)));
            }
            extensions.add(extension(SUBJECT_ALT_NAME, false, Der.sequence(names.toArray(byte[][]::new))));
        }
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)), // v3
                Der.integer(new BigInteger(63, random).add(BigInteger.ONE)),
                algorithm,
                name(issuerName),
                Der.sequence(Der.time(now.minus(BACKDATE)), Der.time(now.plus(validity))),
                name(subjectName),
                subjectKey.getEncoded(), // SubjectPublicKeyInfo, already DER
                Der.explicit(3, Der.sequence(extensions.toArray(byte[][]::new))));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(issuerKey, random);
            signer.update(tbs);
            byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate for " + subjectName, e);
        }
    }

    private static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    private static byte[] ipBytes(String ip) {
        if (!ip.matches("[0-9.]+") && !ip.contains(":")) {
            throw new IllegalArgumentException("not an IP address literal: '" + ip + "'");
        }
        try {
            return InetAddress.getByName(ip).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: '" + ip + "'", e);
        }
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
