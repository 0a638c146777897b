package io.sluice.detect.analytics;

import java.util.Locale;
import java.util.Map;

/**
 * Facts: public web services that malware has used as a command channel or dead drop, by the
 * domain a client names (DNS query, TLS SNI, HTTP Host). Drawn from the procedure examples of
 * ATT&CK T1102 and its sub-techniques (pastebin, GitHub, Dropbox, Google Drive, OneDrive, Telegram,
 * Discord, Slack, Twitter, Steam profiles, ...); a name matches a listed domain or any name under it.
 *
 * <p>Kind {@link Kind#DEAD_DROP}: pages anyone can read and the author can edit (pastes, gists, raw
 * repository files, social profiles), where a dead-drop resolver hides the next address.
 * Kind {@link Kind#API}: services with an API to send to and read from (bot APIs, webhooks,
 * cloud storage), where a channel can run both ways.
 */
final class WebServices {
    private WebServices() {}

    enum Kind { DEAD_DROP, API }

    private static final Map<String, Kind> DOMAINS = Map.ofEntries(
            // pastes and code hosting read as plain text
            Map.entry("pastebin.com", Kind.DEAD_DROP),
            Map.entry("paste.ee", Kind.DEAD_DROP),
            Map.entry("pastes.io", Kind.DEAD_DROP),
            Map.entry("hastebin.com", Kind.DEAD_DROP),
            Map.entry("rentry.co", Kind.DEAD_DROP),
            Map.entry("controlc.com", Kind.DEAD_DROP),
            Map.entry("justpaste.it", Kind.DEAD_DROP),
            Map.entry("ghostbin.co", Kind.DEAD_DROP),
            Map.entry("dpaste.com", Kind.DEAD_DROP),
            Map.entry("gist.github.com", Kind.DEAD_DROP),
            Map.entry("gist.githubusercontent.com", Kind.DEAD_DROP),
            Map.entry("raw.githubusercontent.com", Kind.DEAD_DROP),
            Map.entry("bitbucket.org", Kind.DEAD_DROP),
            // social profiles and pages used as dead drops
            Map.entry("twitter.com", Kind.DEAD_DROP),
            Map.entry("x.com", Kind.DEAD_DROP),
            Map.entry("steamcommunity.com", Kind.DEAD_DROP),
            Map.entry("t.me", Kind.DEAD_DROP),
            Map.entry("telegra.ph", Kind.DEAD_DROP),
            Map.entry("medium.com", Kind.DEAD_DROP),
            Map.entry("docs.google.com", Kind.DEAD_DROP),
            // APIs and storage that carry traffic both ways
            Map.entry("api.telegram.org", Kind.API),
            Map.entry("discord.com", Kind.API),
            Map.entry("discordapp.com", Kind.API),
            Map.entry("hooks.slack.com", Kind.API),
            Map.entry("slack.com", Kind.API),
            Map.entry("api.github.com", Kind.API),
            Map.entry("api.dropboxapi.com", Kind.API),
            Map.entry("content.dropboxapi.com", Kind.API),
            Map.entry("dropbox.com", Kind.API),
            Map.entry("drive.google.com", Kind.API),
            Map.entry("www.googleapis.com", Kind.API),
            Map.entry("graph.microsoft.com", Kind.API),
            Map.entry("onedrive.live.com", Kind.API),
            Map.entry("api.onedrive.com", Kind.API),
            Map.entry("api.box.com", Kind.API),
            Map.entry("api.notion.com", Kind.API),
            Map.entry("api.trello.com", Kind.API),
            Map.entry("mega.nz", Kind.API),
            Map.entry("api.mega.co.nz", Kind.API),
            Map.entry("webhook.site", Kind.API));

    /** The listed domain {@code name} is or lies under, or null. */
    static String service(String name) {
        if (name == null || name.isEmpty()) return null;
        String n = DomainBeaconDetector.normalise(name);
        while (true) {
            if (DOMAINS.containsKey(n)) return n;
            int dot = n.indexOf('.');
            if (dot < 0 || dot == n.length() - 1) return null;
            n = n.substring(dot + 1);
        }
    }

    /** The kind of a domain {@link #service} returned. */
    static Kind kind(String service) {
        return DOMAINS.get(service.toLowerCase(Locale.ROOT));
    }
}
