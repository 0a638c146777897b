package io.sluice.generate;

import io.sluice.packet.craft.CertificateBytes;
import io.sluice.packet.craft.CertificateBytes.Key;
import io.sluice.packet.craft.CertificateBytes.KeyType;
import io.sluice.packet.craft.CertificateBytes.Name;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The public PKI the generated internet uses: two roots (RSA and ECDSA) each with an issuing
 * intermediate, and for every server name one leaf, made once and sent on every connection to it,
 * as a server does. Leaves live 90 days (the ACME norm) and were issued weeks before the capture;
 * some servers send the root too. Names are the documentation domains; the CAs are fictitious.
 */
final class CertificateChains {
    private static final long DAY = 86_400;

    private record Ca(Name name, Key key, byte[] der) {}

    private final SplittableRandom random;
    private final long now;
    private final Ca rsaRoot, ecRoot, rsaIssuer, ecIssuer;
    private final Map<String, List<byte[]>> chains = new HashMap<>();

    /** @param nowEpochSeconds the capture's time, around which validities are set */
    CertificateChains(SplittableRandom random, long nowEpochSeconds) {
        this.random = random;
        this.now = nowEpochSeconds;
        long y2021 = 1_609_459_200L, y2024 = 1_704_067_200L;
        rsaRoot = root(Name.of("US", "Example Trust Services", "Example Root CA R1"), KeyType.RSA_4096, y2021);
        ecRoot = root(Name.of("US", "Example Trust Services", "Example Root CA E1"), KeyType.EC_P384, y2021);
        rsaIssuer = intermediate(rsaRoot, Name.of("US", "Example Trust Services", "Example TLS Issuing CA R3"), KeyType.RSA_2048, y2024);
        ecIssuer = intermediate(ecRoot, Name.of("US", "Example Trust Services", "Example TLS Issuing CA E2"), KeyType.EC_P384, y2024);
    }

    /** The chain the site's server sends, leaf first; made on first use. */
    List<byte[]> chain(TlsSession.Site site) {
        return chains.computeIfAbsent(site.name() + "/" + site.key(),
                k -> site.selfSigned() ? List.of(rdpSelfSigned(site.name())) : issue(site.name(), site.key()));
    }

    private List<byte[]> issue(String serverName, KeyType leafKey) {
        boolean ec = leafKey == KeyType.EC_P256 || leafKey == KeyType.EC_P384;
        Ca issuer = ec ? ecIssuer : rsaIssuer;
        long issued = now - (5 + random.nextInt(60)) * DAY - random.nextInt(86_400);
        String domain = serverName.substring(serverName.indexOf('.') + 1);
        var sans = domain.contains(".") ? List.of(serverName, "*." + domain, domain) : List.of(serverName);
        byte[] leaf = new CertificateBytes(serial(), issuer.name(), issuer.key(), new Name(List.<String[]>of(
                new String[] {"2.5.4.3", serverName})), Key.random(leafKey, random))
                .validity(issued, issued + 90 * DAY - 1)
                .keyUsage(ec ? CertificateBytes.DIGITAL_SIGNATURE
                        : CertificateBytes.DIGITAL_SIGNATURE | CertificateBytes.KEY_ENCIPHERMENT)
                .extendedKeyUsage(CertificateBytes.SERVER_AUTH, CertificateBytes.CLIENT_AUTH)
                .basicConstraints(false, -1)
                .keyIdentifiers()
                .authorityInfoAccess("http://ocsp.example-trust.net", "http://crt.example-trust.net/" + (ec ? "e2" : "r3") + ".der")
                .domainValidatedPolicy()
                .subjectAltNames(sans)
                .build(random);
        var chain = new ArrayList<byte[]>(List.of(leaf, issuer.der()));
        if (random.nextInt(4) == 0) chain.add((ec ? ecRoot : rsaRoot).der()); // some servers send the root as well
        return List.copyOf(chain);
    }

    private Ca root(Name name, KeyType type, long from) {
        Key key = Key.random(type, random);
        byte[] der = new CertificateBytes(serial(), name, key, name, key).validity(from, from + 25 * 365 * DAY)
                .keyUsage(CertificateBytes.KEY_CERT_SIGN | CertificateBytes.CRL_SIGN).basicConstraints(true, -1)
                .keyIdentifiers().build(random);
        return new Ca(name, key, der);
    }

    private Ca intermediate(Ca root, Name name, KeyType type, long from) {
        Key key = Key.random(type, random);
        byte[] der = new CertificateBytes(serial(), root.name(), root.key(), name, key).validity(from, from + 5 * 365 * DAY)
                .keyUsage(CertificateBytes.DIGITAL_SIGNATURE | CertificateBytes.KEY_CERT_SIGN | CertificateBytes.CRL_SIGN)
                .extendedKeyUsage(CertificateBytes.SERVER_AUTH, CertificateBytes.CLIENT_AUTH).basicConstraints(true, 0)
                .keyIdentifiers().build(random);
        return new Ca(name, key, der);
    }

    /** A self-signed certificate as Windows makes for its RDP listener: CN is the host's name, one year. */
    private byte[] rdpSelfSigned(String hostName) {
        Name name = new Name(List.<String[]>of(new String[] {"2.5.4.3", hostName}));
        Key key = Key.random(KeyType.RSA_2048, random);
        long issued = now - (30 + random.nextInt(200)) * DAY;
        return new CertificateBytes(serial(), name, key, name, key).validity(issued, issued + 182 * DAY)
                .keyUsage(CertificateBytes.KEY_ENCIPHERMENT | (1 << 3)) // keyEncipherment, dataEncipherment
                .extendedKeyUsage(CertificateBytes.SERVER_AUTH).build(random);
    }

    private byte[] serial() {
        byte[] s = new byte[16];
        random.nextBytes(s);
        s[0] &= 0x7f;
        return s;
    }
}
