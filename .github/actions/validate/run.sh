#!/usr/bin/env bash
# The work of the infkit validate action (action.yml beside this file), kept in a script so
# that it can run outside GitHub too (scripts/ansible/test.sh runs it in CI):
#   INFKIT_PATHS='dir a.inf' GITHUB_OUTPUT=out.txt bash .github/actions/validate/run.sh
# Writes the SARIF log, prints the findings as text (with ::error/::warning annotations on
# GitHub), and sets the outputs sarif-file, sarif-path (absolute), exit-code, errors,
# warnings, category. Exits 0 for findings of any level (the action fails later, after the
# upload, when fail-on-error is set); exits 2 when infkit could not check the paths.
set -uo pipefail
set -f # globs are infkit's to expand, not the shell's

mode="${INFKIT_MODE:-default}"
sarif="${INFKIT_SARIF:-infkit-validate.sarif}"
category="${INFKIT_CATEGORY:-infkit-validate/$mode}"
read -r -a infkit <<<"${INFKIT_COMMAND:-npx --no-install infkit}"
output="${GITHUB_OUTPUT:-/dev/null}"

paths=()
while IFS= read -r line; do
  line="${line#"${line%%[![:space:]]*}"}"; line="${line%"${line##*[![:space:]]}"}"
  [[ -z "$line" ]] && continue
  if [[ "${INFKIT_PATHS}" == *$'\n'* ]]; then paths+=("$line"); else read -r -a words <<<"$line"; paths+=("${words[@]}"); fi
done <<<"${INFKIT_PATHS:-}"
if [[ ${#paths[@]} -eq 0 ]]; then
  echo "::error::infkit validate: the paths input is empty"
  exit 2
fi

opts=(--mode "$mode")
[[ -n "${INFKIT_ARCH:-}" ]] && opts+=(--arch "$INFKIT_ARCH")
[[ -n "${INFKIT_IGNORE:-}" ]] && opts+=(--ignore "$INFKIT_IGNORE")
[[ -n "${INFKIT_MIN_SEVERITY:-}" ]] && opts+=(--min-severity "$INFKIT_MIN_SEVERITY")

mkdir -p "$(dirname "$sarif")"
"${infkit[@]}" validate "${paths[@]}" "${opts[@]}" --format sarif >"$sarif"
rc=$?
if [[ $rc -ne 0 && $rc -ne 1 ]]; then
  echo "::error::infkit validate could not check the paths (exit code $rc)"
  exit "$rc"
fi

# The same run as text, for the log and as annotations on the pull request.
json="$(mktemp)"
trap 'rm -f "$json"' EXIT
"${infkit[@]}" validate "${paths[@]}" "${opts[@]}" --format json >"$json"
OUT="$output" node -e '
  {
    const doc = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    const gh = process.env.GITHUB_ACTIONS === "true";
    for (const f of doc.files) for (const d of f.diagnostics) {
      const where = `${f.file}:${d.line}:${d.column}`;
      console.log(`${where}: ${d.severity} ${d.code}: ${d.message}`);
      if (gh && d.severity !== "info")
        console.log(`::${d.severity === "error" ? "error" : "warning"} file=${f.file},line=${d.line},col=${d.column},title=${d.code}::${d.message}`);
    }
    const t = doc.summary;
    console.log(`${t.files} file(s) checked: ${t.errors} error(s), ${t.warnings} warning(s), ${t.infos} info(s)`);
    require("node:fs").appendFileSync(process.env.OUT, `errors=${t.errors}\nwarnings=${t.warnings}\n`);
  }' "$json" || { echo "::error::infkit validate --format json failed"; exit 2; }

{
  echo "sarif-file=$sarif"
  echo "sarif-path=$(cd "$(dirname "$sarif")" && pwd)/$(basename "$sarif")"
  echo "exit-code=$rc"
  echo "category=$category"
} >>"$output"
exit 0
