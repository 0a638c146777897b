#!/usr/bin/env bash
# Retrains the DGA model that core ships (io/sluice/detect/dns/dga-trigrams.bin and
# dga-model.properties) from word lists Debian packages ship:
#   apt-get install publicsuffix wamerican-huge
# (and, for OTHER_LANGUAGES=1: wfrench wngerman wspanish witalian wportuguese wdutch wswedish
#  wnorwegian wdanish wpolish)
# from the real registered domains named in Debian's package metadata, shipped as
# io/sluice/detect/dns/debian-domains.txt (see REFRESH below), from real web-infrastructure domains
# read from ad/tracker lists, shipped as web-domains.txt (see WEB NAMES), and from names the trainer generates
# (compounds, Pinyin, DGA-shaped names; see DgaModelTrainer).
# Deterministic: the same lists give the same bytes. Needs core compiled (mvn -pl core compile) and
# Maven's local repository (the Debian-domain step splits names with Guava's public-suffix list).
# The model is shipped in the repository, so neither the build nor CI needs these packages.
#
# English only by default: with ten other languages at 15,000 words each (OTHER_LANGUAGES=1) the
# model's AUC on the held-out suffix-list labels fell from 0.9767 to 0.9746, as random letters read
# more like words; Chinese and Japanese names come in as generated Pinyin and romaji either way.
#
# REAL NAMES: debian-domains.txt lists the registered domains of every URL host and e-mail address
# in Debian bookworm's Packages, Sources and Translation-en files (Homepage, Vcs-*, Maintainer,
# Uploaders, links in descriptions): 6,672 domains, 6,526 distinct labels. The trainer shuffles the
# labels with a fixed seed and halves them: one half joins the fit (the trigram text and the
# ordinary side of the logistic model), the other is held out for the threshold.
# REFRESH_DEBIAN_DOMAINS=1 rebuilds the list from the archive first (needs root and the network to
# a Debian mirror: DEBIAN_MIRROR, by default the first URIs: line of
# /etc/apt/sources.list.d/debian.sources; DEBIAN_SUITE=bookworm by default). It fetches the
# suite's Packages, Sources and Translation-en indexes of main, contrib, non-free and
# non-free-firmware into a private apt state directory, so the machine's apt setup is untouched.
#
# WEB NAMES: web-domains.txt lists the registered domains of web infrastructure (ad, tracking,
# analytics, CDN, hosting) and of the sites that embed it, from lists packages ship under licences
# that allow redistribution (each credited in the file's header with version, licence and sha256):
#   EasyList and EasyPrivacy (GPL-3+ or CC-BY-SA-3.0+), as Debian's webext-ublock-origin-firefox
#     ships them: EasyPrivacy's blocked hosts and sites, EasyList's sites only (its blocked hosts
#     hold pop-under networks' rotating throw-away domains, machine-made to escape the list);
#   Privacy Badger's seed data and yellowlist (GPL-3+), Debian's webext-privacy-badger;
#   the entities of the npm package third-party-web (MIT).
# No malware, phishing or DGA list is read (that package's badware and URLhaus lists are skipped).
# The trainer leaves out its labels that debian-domains.txt also has, then shuffles and halves the rest like the
# Debian labels. REFRESH_WEB_DOMAINS=1 rebuilds the list (needs apt-get and npm reaching their
# registries; THIRD_PARTY_WEB_VERSION=0.30.0 by default).
#
# THRESHOLDS: chosen by the trainer on names the fit did not see, never on the corpus (whose
# labelled domains only DgaCorpusEvaluationTest reads): `threshold` is the highest of four bars:
# the one that flags at most 0.7% of the held-out Debian labels and at most 0.7% of the held-out
# web labels (margin under the issue's 1% of benign names), at most 0.5% of the held-out
# suffix-list labels, and at most 0.1% of generated ordinary-looking names; dga-model.properties records each bar, which one binds and the share of
# each sample flagged. The suspicious bar flags 1% of the generated ones.
set -euo pipefail
cd "$(dirname "$0")/.."
res=core/src/main/resources/io/sluice/detect/dns
d=/usr/share/dict
lists=("$d/american-english-huge:150000")
if [ -n "${OTHER_LANGUAGES:-}" ]; then
  for l in french ngerman spanish italian portuguese dutch swedish bokmaal danish polish; do lists+=("$d/$l:15000"); done
fi
for l in "${lists[@]}"; do
  [ -r "${l%:*}" ] || { echo "word list ${l%:*} not found: install the packages named at the top of $0" >&2; exit 1; }
done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
psl=/usr/share/publicsuffix/public_suffix_list.dat
[ -r "$psl" ] || { echo "$psl not found: apt-get install publicsuffix" >&2; exit 1; }
cpfile=$(mktemp)
tmp=$(mktemp -d)
trap 'rm -rf "$cpfile" "$tmp"' EXIT
mvn -q -B -o -pl core dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null
cp="core/target/classes:$(cat "$cpfile")"

if [ -n "${REFRESH_DEBIAN_DOMAINS:-}" ]; then
  suite=${DEBIAN_SUITE:-bookworm}
  mirror=${DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
  [ -n "$mirror" ] || { echo "no Debian mirror configured: set DEBIAN_MIRROR" >&2; exit 1; }
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  chmod 755 "$tmp" # apt fetches as its own user
  mkdir -p "$tmp/lists/partial" "$tmp/cache" "$tmp/txt"
  for type in deb deb-src; do
    echo "$type [signed-by=$keyring] $mirror $suite main contrib non-free non-free-firmware"
  done > "$tmp/sources.list"
  apt-get update -o Dir::Etc::sourcelist="$tmp/sources.list" -o Dir::Etc::sourceparts=/nonexistent \
    -o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp/cache" -o Acquire::Languages=en \
    -o APT::Get::List-Cleanup=0 >&2
  for f in "$tmp"/lists/*_Packages.* "$tmp"/lists/*_Sources.* "$tmp"/lists/*_Translation-en.*; do
    [ -e "$f" ] || continue
    n=$(basename "$f"); n=${n%.lz4}; n=${n%.xz}; n=${n%.gz}
    /usr/lib/apt/apt-helper cat-file "$f" > "$tmp/txt/$n"
  done
  "$java" -cp "$cp" io.sluice.detect.dns.DebianDomains "$res/debian-domains.txt" "$tmp"/txt/*
fi

if [ -n "${REFRESH_WEB_DOMAINS:-}" ]; then
  mkdir -p "$tmp/web" && chmod 755 "$tmp" "$tmp/web"
  (cd "$tmp/web" && apt-get download webext-ublock-origin-firefox webext-privacy-badger >&2 &&
    npm pack --silent "third-party-web@${THIRD_PARTY_WEB_VERSION:-0.30.0}" >/dev/null)
  version() { dpkg-deb -f "$1" Version; }
  ub=$(ls "$tmp"/web/webext-ublock-origin-firefox_*.deb); pb=$(ls "$tmp"/web/webext-privacy-badger_*.deb)
  tpw=$(ls "$tmp"/web/third-party-web-*.tgz)
  dpkg -x "$ub" "$tmp/web/ub"; dpkg -x "$pb" "$tmp/web/pb"; tar -xzf "$tpw" -C "$tmp/web"
  el=$(dirname "$(find "$tmp/web/ub" -path '*thirdparties/easylist/easylist.txt' | head -1)")
  pbd=$tmp/web/pb/usr/share/webext/privacy-badger/data
  ubv="webext-ublock-origin-firefox $(version "$ub") (Debian)"; pbv="webext-privacy-badger $(version "$pb") (Debian)"
  tpv="third-party-web $(basename "$tpw" .tgz | sed 's/^third-party-web-//') (npm)"
  "$java" -cp "$cp" io.sluice.detect.dns.WebDomains "$res/web-domains.txt" \
    "sites:$el/easylist.txt:EasyList (sites only), $ubv, assets/thirdparties/easylist/easylist.txt, GPL-3+ or CC-BY-SA-3.0+, The EasyList authors" \
    "filters:$el/easyprivacy.txt:EasyPrivacy, $ubv, assets/thirdparties/easylist/easyprivacy.txt, GPL-3+ or CC-BY-SA-3.0+, The EasyList authors" \
    "json:$pbd/seed.json:Privacy Badger seed data, $pbv, data/seed.json, GPL-3+, Electronic Frontier Foundation" \
    "hosts:$pbd/yellowlist.txt:Privacy Badger yellowlist, $pbv, data/yellowlist.txt, GPL-3+, Electronic Frontier Foundation" \
    "json:$tmp/web/package/dist/entities.json:third-party-web entities, $tpv, dist/entities.json, MIT, Patrick Hulce"
fi

"$java" -cp "$cp" io.sluice.detect.dns.DgaModelTrainer "$res" "$psl" "$res/debian-domains.txt" "$res/web-domains.txt" \
  "${lists[@]}"
