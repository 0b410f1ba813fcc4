#!/usr/bin/env bash
# Builds sito's perplexity models from scratch, driven by langs/corpus-manifest.json:
#   corpus (Debian packages → train/held-out text) → sito lm subword (BPE pieces of the normalised
#   text) → sito lm train (on the pieces) → sito lm build --tokenizer → calibrate.
# The LM normaliser is the profile's top-level "normalizer" with the manifest's model.normalizer
# laid over it (CCNet's accent stripping); calibrate records it as the profile's
# perplexity.normalizer. Without model.subword the model is trained on words, as before.
# Usage: scripts/build-models.sh [LANG ...]        (default: every language in the manifest)
# Env:   SITO_CORPORA   where corpora and the package cache go (default /work/data/corpora;
#                       big: keep it outside the repository)
#        SITO_UNLOCKED=1  take apt's current package versions instead of models/lm/locks/*.json
#        SITO_REUSE_CORPORA=1  keep corpora already built under SITO_CORPORA (models only)
# Needs: apt-get update done once; Debian packages groff-base man-db (man page rendering);
#        dist/ built (npx tsc -p tsconfig.json). Runs niced: the machine is shared.
# Writes: models/lm/<code>.sitolm, models/lm/eval/<code>.txt, models/lm/locks/<code>.json,
#         the perplexity section of langs/<code>.json and the tables in models/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="${SITO_CORPORA:-/work/data/corpora}"
MANIFEST=langs/corpus-manifest.json
# SITO_BIN: a frozen copy of sito to build with, so that recompiling dist/ meanwhile is harmless.
SITO=(nice -n 10 node "${SITO_BIN:-$ROOT/dist/src/cli/bin.js}")
# Model settings: the manifest's "model" section, overridden by a language's own "model" section.
# Dotted names reach into objects (subword.vocab); a missing setting prints nothing.
setting() { node -e "const m=require('./$MANIFEST');const l=(m.languages[process.argv[2]]||{}).model||{};const get=(o)=>process.argv[1].split('.').reduce((x,k)=>x==null?undefined:x[k],o);const v=get(l)??get(m.model);console.log(v==null?'':Array.isArray(v)?v.join(' '):typeof v==='object'?JSON.stringify(v):v)" "$1" "$2"; }
# The LM normaliser as JSON: the profile's normalizer with the model's normalizer settings over it.
lm_normalizer() { node -e "const p=require('./langs/'+process.argv[1]+'.json');console.log(JSON.stringify({...(p.normalizer||{}),...JSON.parse(process.argv[2]||'{}')}))" "$1" "$(setting normalizer "$1")"; }
if [ $# -gt 0 ]; then LANGS=("$@"); else
  read -r -a LANGS <<<"$(node -e "console.log(Object.keys(require('./$MANIFEST').languages).join(' '))")"; fi
# Negatives for the AUCs are the other languages' held-out text: build every corpus first.
ALL=($(node -e "console.log(Object.keys(require('./$MANIFEST').languages).join(' '))"))

mkdir -p "$OUT" models/lm/locks models/lm/eval
for lang in "${ALL[@]}"; do
  want=0; for l in "${LANGS[@]}"; do [ "$l" = "$lang" ] && want=1; done
  if [ -f "$OUT/$lang/heldout.txt" ] && { [ $want = 0 ] || [ -n "${SITO_REUSE_CORPORA:-}" ]; }; then
    cp "$OUT/$lang/sources.json" "models/lm/locks/$lang.json"; continue
  fi
  locked=()
  if [ -z "${SITO_UNLOCKED:-}" ] && [ -f "models/lm/locks/$lang.json" ]; then
    mkdir -p "$OUT/$lang"; cp "models/lm/locks/$lang.json" "$OUT/$lang/sources.json"; locked=(--locked)
  fi
  "${SITO[@]}" corpus build --manifest "$MANIFEST" --lang "$lang" --out "$OUT" "${locked[@]}"
  cp "$OUT/$lang/sources.json" "models/lm/locks/$lang.json"
done

for lang in "${LANGS[@]}"; do
  ORDER=$(setting order "$lang"); PRUNE=$(setting prune "$lang"); QUANT=$(setting quantize "$lang"); MINW=$(setting min_document_words "$lang")
  VOCAB=$(setting subword.vocab "$lang"); NORM=$(lm_normalizer "$lang")
  arpa="$OUT/$lang/model.o$ORDER.arpa"
  if [ -n "$VOCAB" ]; then
    tokenizer="$OUT/$lang/model.v$VOCAB.sbpe"; pieces="$OUT/$lang/train.v$VOCAB.txt"
    "${SITO[@]}" lm subword --text "$OUT/$lang/train.txt" --normalize "$NORM" --vocab "$VOCAB" --tokenizer "$tokenizer" --pieces "$pieces"
    # shellcheck disable=SC2086
    "${SITO[@]}" lm train -o "$ORDER" --prune $PRUNE --skip_symbols -S 1G -T "$OUT" --text "$pieces" --arpa "$arpa"
    "${SITO[@]}" lm build "$arpa" "models/lm/$lang.sitolm" --quantize "$QUANT" --normalizer "$NORM" --tokenizer "$tokenizer"
  else
    # shellcheck disable=SC2086
    "${SITO[@]}" lm train -o "$ORDER" --prune $PRUNE --skip_symbols --normalize "$NORM" -S 1G -T "$OUT" --text "$OUT/$lang/train.txt" --arpa "$arpa"
    "${SITO[@]}" lm build "$arpa" "models/lm/$lang.sitolm" --quantize "$QUANT" --normalizer "$NORM"
  fi
  bytes=$(stat -c %s "models/lm/$lang.sitolm")
  "${SITO[@]}" corpus calibrate --lang "$lang" --corpora "$OUT" --model "models/lm/$lang.sitolm" \
    --eval-sample "models/lm/eval/$lang.txt" --report "$OUT/$lang/calibration.json" \
    --web-sentences "../shared/lid/lingua/sentences/$lang.txt" --min-document-words "$MINW" \
    --model-info "{\"order\":$ORDER,\"prune\":\"$PRUNE\",\"quantize\":$QUANT,\"bytes\":$bytes${VOCAB:+,\"subword_vocab\":$VOCAB}}"
done

"${SITO[@]}" corpus report --corpora "$OUT" --lang "$(IFS=,; echo "${ALL[*]}")" --readme models/README.md
