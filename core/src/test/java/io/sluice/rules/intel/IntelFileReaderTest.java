package io.sluice.rules.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lists shaped as the feeds publish them. The CSV headers follow the public formats: MISP's
 * attribute CSV export ({@code uuid,event_id,category,type,value,...}), abuse.ch ThreatFox
 * ({@code # "first_seen_utc","ioc_id","ioc_value","ioc_type",...}), URLhaus
 * ({@code # id,dateadded,url,url_status,...}), Feodo Tracker ({@code # first_seen_utc,dst_ip,...})
 * and SSLBL JA3 ({@code # ja3_md5,Firstseen,Lastseen,Listingreason}); the rows are made up.
 */
class IntelFileReaderTest {

    @Test
    void plainTextWithCommentsHostsLinesAndJunk() {
        var r = IntelFileReader.read("""
                # my list
                203.0.113.9   # scanner
                198.51.100.0/24
                0.0.0.0 ads.evil.example
                evil[.]example
                http://dl.evil.example/a.exe#frag
                this is not an indicator!
                """, "mine", false);
        assertThat(r.format()).isEqualTo("text");
        assertThat(r.indicators()).extracting(Indicator::type, Indicator::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(IndicatorType.IP, "203.0.113.9"),
                org.assertj.core.groups.Tuple.tuple(IndicatorType.CIDR, "198.51.100.0/24"),
                org.assertj.core.groups.Tuple.tuple(IndicatorType.DOMAIN, "ads.evil.example"),
                org.assertj.core.groups.Tuple.tuple(IndicatorType.DOMAIN, "evil.example"),
                org.assertj.core.groups.Tuple.tuple(IndicatorType.URL, "dl.evil.example/a.exe"));
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.examples()).singleElement().asString().startsWith("line 7:");
        assertThat(r.indicators()).allMatch(i -> i.source().equals("mine"));
    }

    @Test
    void mispCsvUsesTheTypeColumnAndKeepsFileHashes() {
        var r = IntelFileReader.read("""
                uuid,event_id,category,type,value,comment,to_ids,date
                5f1a,12,Network activity,ip-dst,192.0.2.66,C2 server,1,1595113802
                5f1b,12,Network activity,domain,c2.evil.example,,1,1595113802
                5f1c,12,Payload delivery,md5,e7d705a3286e19ea42f587b344ee6865,dropper,1,1595113802
                5f1d,12,Network activity,ja3-fingerprint-md5,E7D705A3286E19EA42F587B344EE6865,client,1,1595113802
                5f1e,12,Network activity,ip-dst|port,192.0.2.67|8443,,1,1595113802
                5f1f,12,Payload delivery,filename|sha256,inv.exe|BFD6C1E37163061EFA56555DF55911DCAB8A5BBB332C47E4EBAC3AC11E6F6C5C,,1,1595113802
                5f20,12,Payload delivery,email-src,a@evil.example,,1,1595113802
                """, "misp", false);
        assertThat(r.format()).isEqualTo("csv");
        assertThat(r.indicators()).extracting(Indicator::type, Indicator::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(IndicatorType.IP, "192.0.2.66"),
                org.assertj.core.groups.Tuple.tuple(IndicatorType.DOMAIN, "c2.evil.example"),
                org.assertj.core.groups.Tuple.tuple(IndicatorType.FILE_HASH, "e7d705a3286e19ea42f587b344ee6865"),
                org.assertj.core.groups.Tuple.tuple(IndicatorType.FINGERPRINT, "e7d705a3286e19ea42f587b344ee6865"),
                org.assertj.core.groups.Tuple.tuple(IndicatorType.IP, "192.0.2.67"),
                org.assertj.core.groups.Tuple.tuple(IndicatorType.FILE_HASH,
                        "bfd6c1e37163061efa56555df55911dcab8a5bbb332c47e4ebac3ac11e6f6c5c"));
        assertThat(r.indicators().get(0).label()).isEqualTo("C2 server");
        assertThat(r.skipped()).isEqualTo(1); // the e-mail address
        assertThat(r.examples().get(0)).contains("email-src");
    }

    @Test
    void fileHashesInPlainListsAndHashColumns() {
        var plain = IntelFileReader.read("""
                # SHA-1 and SHA-256 by their length; a bare MD5 stays a fingerprint (it could be a JA3)
                71f726bea9970470d4f4bd8adc904bd2d009c9b4
                bfd6c1e37163061efa56555df55911dcab8a5bbb332c47e4ebac3ac11e6f6c5c
                6963bec0dabec7af2996fcab1cd36507
                """, "plain", false);
        assertThat(plain.indicators()).extracting(Indicator::type).containsExactly(IndicatorType.FILE_HASH,
                IndicatorType.FILE_HASH, IndicatorType.FINGERPRINT);
        var bazaar = IntelFileReader.read("""
                # "first_seen_utc","sha256_hash","md5_hash","sha1_hash","reporter","file_name","file_type_guess","mime_type","signature"
                "2026-11-01 10:00:00","bfd6c1e37163061efa56555df55911dcab8a5bbb332c47e4ebac3ac11e6f6c5c","6963bec0dabec7af2996fcab1cd36507","71f726bea9970470d4f4bd8adc904bd2d009c9b4","r","x.exe","exe","application/x-dosexec","AgentTesla"
                """, "bazaar", false);
        assertThat(bazaar.indicators()).singleElement().extracting(Indicator::type, Indicator::value)
                .containsExactly(IndicatorType.FILE_HASH, "bfd6c1e37163061efa56555df55911dcab8a5bbb332c47e4ebac3ac11e6f6c5c");
    }

    @Test
    void abuseChCsvWithCommentedHeader() {
        var threatfox = IntelFileReader.read("""
                ################################################################
                # ThreatFox IOCs: CSV                                          #
                ################################################################
                #
                # "first_seen_utc","ioc_id","ioc_value","ioc_type","threat_type","fk_malware","malware_alias","malware_printable"
                "2026-11-01 10:00:00","1","192.0.2.10:443","ip:port","botnet_cc","win.x","","Emotet"
                "2026-11-01 10:00:00","2","bad.example","domain","botnet_cc","win.x","","Emotet"
                "2026-11-01 10:00:00","3","https://bad.example/gate","url","payload_delivery","win.x","","Emotet"
                "2026-11-01 10:00:00","4","0123456789abcdef0123456789abcdef","md5_hash","payload","win.x","","Emotet"
                """, "threatfox", false);
        assertThat(threatfox.indicators()).extracting(Indicator::type).containsExactly(IndicatorType.IP,
                IndicatorType.DOMAIN, IndicatorType.URL, IndicatorType.FILE_HASH);
        assertThat(threatfox.indicators().get(0).value()).isEqualTo("192.0.2.10");
        assertThat(threatfox.indicators().get(0).label()).isEqualTo("botnet_cc, Emotet");
        assertThat(threatfox.skipped()).isZero();

        var feodo = IntelFileReader.read("""
                # first_seen_utc,dst_ip,dst_port,c2_status,last_online,malware
                2026-10-01 08:00:00,192.0.2.20,443,online,2026-11-27,QakBot
                """, "feodo", false);
        assertThat(feodo.indicators()).singleElement().extracting(Indicator::type, Indicator::value, Indicator::label)
                .containsExactly(IndicatorType.IP, "192.0.2.20", "QakBot");

        var urlhaus = IntelFileReader.read("""
                # id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter
                "1","2026-11-27 10:00:00","http://198.51.100.5/bins/x86","online","2026-11-27","malware_download","elf","https://urlhaus.abuse.ch/url/1/","r"
                """, "urlhaus", false);
        assertThat(urlhaus.indicators()).singleElement().extracting(Indicator::value)
                .isEqualTo("198.51.100.5/bins/x86");

        var sslbl = IntelFileReader.read("""
                # ja3_md5,Firstseen,Lastseen,Listingreason
                1aa7bf8b97e540ca5edd75f7b8384bfa,2026-01-01 00:00:00,2026-11-01 00:00:00,TrickBot
                """, "sslbl", false);
        assertThat(sslbl.indicators()).singleElement().extracting(Indicator::type, Indicator::label)
                .containsExactly(IndicatorType.FINGERPRINT, "TrickBot");
    }

    @Test
    void csvWithoutHeaderTakesTheFirstIndicatorField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("list.csv");
        Files.writeString(f, "2026-01-01,evil.example,x\n2026-01-01,nothing here,\n");
        var r = IntelFileReader.read(f, null);
        assertThat(r.source()).isEqualTo("list.csv");
        assertThat(r.indicators()).singleElement().extracting(Indicator::value).isEqualTo("evil.example");
        assertThat(r.skipped()).isEqualTo(1);
    }

    @Test
    void quotedFieldsKeepDelimiters() {
        assertThat(IntelFileReader.splitCsv("a,\"b,c\",\"d\"\"e\",", ',')).containsExactly("a", "b,c", "d\"e", "");
    }
}
