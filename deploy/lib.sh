# Shared by deploy/backup and deploy/restore (sourced, not run).

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# Variables from the environment file (systemd's EnvironmentFile format: KEY=value per line,
# values may hold spaces) for those the environment does not set already. Not sourced with
# bash: a value such as "ATMP XB <noreply@…>" is not shell syntax.
read_environment_file() {
  local file=${ATMP_ENV_FILE:-/etc/atmp/atmp.env} line key value
  [ -r "$file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    key=${line%%=*}
    value=${line#*=}
    [[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
    if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then value=${BASH_REMATCH[1]}; fi
    [ -n "${!key+set}" ] || export "$key=$value"
  done <"$file"
}

require_variables() {
  local name
  for name in "$@"; do
    [ -n "${!name:-}" ] || die "$name is not set (environment or ${ATMP_ENV_FILE:-/etc/atmp/atmp.env})."
  done
  case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *) die "DATABASE_URL must be a postgres:// URL: backups are of PostgreSQL only." ;;
  esac
}

write_manifest() {
  local folder=$1 stamp=$2 revision=$3
  python3 - "$folder" "$stamp" "$revision" <<'PY'
import json, sys
from pathlib import Path

folder, stamp, revision = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
checksums = dict(
    reversed(line.split(None, 1)) for line in (folder / "SHA256SUMS").read_text().splitlines()
)
migrations = (folder / "migrations.txt").read_text().split()
manifest = {
    "format": 1,
    "created": stamp,
    "revision": revision,
    "migrations": {"count": len(migrations), "latest": {}},
    "files": {name.strip(): digest for name, digest in checksums.items()},
    "not_included": "ATMP_CREDENTIAL_SIGNING_KEY and the environment file",
}
for migration in migrations:
    app, name = migration.split(".", 1)
    manifest["migrations"]["latest"][app] = max(manifest["migrations"]["latest"].get(app, ""), name)
(folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
PY
}

manifest_value() {
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1] + "/manifest.json"))[sys.argv[2]])' "$1" "$2"
}

restore_folder() {
  local archive=$1 folder=$2 force=$3
  mkdir -p "$folder"
  if [ "$force" = yes ]; then find "$folder" -mindepth 1 -delete; fi
  tar -C "$folder" -xf "$archive" --no-same-owner
}
