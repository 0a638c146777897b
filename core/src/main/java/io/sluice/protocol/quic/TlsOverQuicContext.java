package io.sluice.protocol.quic;

import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.tls.ClientHello;
import io.sluice.protocol.tls.Ja4;
import io.sluice.protocol.tls.ServerHello;
import io.sluice.protocol.tls.TlsHandshake;

/**
 * The context the TLS dissector sees inside QUIC: the connection's own, except that the ssl.log
 * row it emits gets the QUIC variants of JA4 and JA4S (transport letter {@code q}) in place of the
 * TCP ones. The outer context is set before every call, since a context is valid only during one.
 */
final class TlsOverQuicContext implements DissectorContext {
    DissectorContext outer;

    @Override
    public String uid() {
        return outer.uid();
    }

    @Override
    public ConnId id() {
        return outer.id();
    }

    @Override
    public String proto() {
        return outer.proto();
    }

    @Override
    public long tsNanos() {
        return outer.tsNanos();
    }

    @Override
    public boolean origIsLocal() {
        return outer.origIsLocal();
    }

    @Override
    public boolean respIsLocal() {
        return outer.respIsLocal();
    }

    @Override
    public void emit(Event event) {
        outer.emit(event instanceof TlsHandshake h ? quic(h) : event);
    }

    @Override
    public void confirm(String name) {
        outer.confirm(name);
    }

    @Override
    public void weird(String name, String addl) {
        outer.weird(name, addl);
    }

    static TlsHandshake quic(TlsHandshake h) {
        ClientHello first = null;
        for (ClientHello ch : h.clientHellos()) {
            if (!ch.sslv2()) {
                first = ch;
                break;
            }
        }
        ServerHello last = h.serverHellos().isEmpty() ? null : h.serverHellos().getLast();
        return new TlsHandshake(h.tsNanos(), h.uid(), h.id(), h.version(), h.cipher(), h.curve(), h.serverName(),
                h.resumed(), h.lastAlert(), h.nextProtocol(), h.established(), h.sslHistory(), h.certChainFps(),
                h.clientCertChainFps(), h.sniMatchesCert(), h.ja3(), h.ja3s(),
                first == null ? null : Ja4.ja4(first, Ja4.QUIC),
                last == null ? null : Ja4.ja4s(last, Ja4.QUIC),
                h.subject(), h.issuer(), h.clientHellos(), h.serverHellos());
    }
}
