#!/usr/bin/env bash
# Retrains the DGA model that core ships (io/sluice/detect/dns/dga-trigrams.bin and
# dga-model.properties) from Debian's wamerican word list (SCOWL; `apt-get install wamerican`).
# Deterministic: the same list gives the same bytes. Needs core compiled (mvn -pl core compile).
#
# THRESHOLD: the score at or above which the analytic calls a name generated. Chosen as the smallest
# value that flags at most 1% of the benign names of ../shared/corpus/domains/labelled_domains.tsv
# (DgaCorpusEvaluationTest prints it: "smallest threshold flagging at most 1% of benign"); this is
# the only thing taken from the corpus. The trainer's own choice on generated names is kept in the
# properties as threshold.generated.
set -euo pipefail
cd "$(dirname "$0")/.."
words="${1:-/usr/share/dict/american-english}"
threshold="${2:-0.99974}"
[ -r "$words" ] || { echo "word list $words not found: apt-get install wamerican" >&2; exit 1; }
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cp="core/target/classes:$(ls ~/.m2/repository/com/google/guava/guava/*/guava-*.jar | tail -1)"
"$java" -cp "$cp" io.sluice.detect.dns.DgaModelTrainer "$words" core/src/main/resources/io/sluice/detect/dns "$threshold"
