# Shared by the bin/ launchers: builds a module's jar when it is missing or older than any source
# (src/main or pom.xml) of the module or of the ActionStream modules it depends on, directly or not,
# or than the parent pom.xml; then runs it. Usage (sourced): launch MODULE NAME "$@"
#   MODULE  Maven module directory (core, trainer, ...)
#   NAME    command name, for messages
# ACTIONSTREAM_JAVA_OPTS adds JVM options; ACTIONSTREAM_BUILD_ARGS adds Maven arguments to a build
# (e.g. -Pcuda, so that a rebuild of the service stays on the CUDA flavour). A jar this launcher
# built with other ACTIONSTREAM_BUILD_ARGS (target/.actionstream-build-args) is rebuilt, so that
# switching between the CPU and CUDA flavours takes effect.

# The module and every ActionStream module it depends on, read from the <artifactId>actionstream-X
# entries of the pom.xml files (module directory X), transitively. Test-scope dependencies count
# too: they can only cause an extra build, never a missed one.
module_closure() {
  local root="$1" todo=("$2") seen=() m dep
  while ((${#todo[@]})); do
    m="${todo[0]}"
    todo=("${todo[@]:1}")
    [[ " ${seen[*]} " == *" $m "* ]] && continue
    seen+=("$m")
    for dep in $(sed -n 's|.*<artifactId>actionstream-\([a-z-]*\)</artifactId>.*|\1|p' "$root/$m/pom.xml"); do
      [[ -f "$root/$dep/pom.xml" ]] && todo+=("$dep")
    done
  done
  echo "${seen[@]}"
}

# Prints the first source newer than $2 among the modules $3..., or nothing. Directories count too:
# a deleted or renamed file changes its directory's time.
newer_source() {
  local root="$1" stamp="$2" m
  shift 2
  local paths=("$root/pom.xml")
  for m in "$@"; do
    paths+=("$root/$m/pom.xml")
    [[ -d "$root/$m/src/main" ]] && paths+=("$root/$m/src/main")
  done
  find "${paths[@]}" -newer "$stamp" -print -quit
}

launch() {
  local module="$1" name="$2"
  shift 2
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

  find_jar() {
    local jar
    for jar in "$root/$module"/target/actionstream-"$module"-*.jar; do
      case "$jar" in
        *-tests.jar | *-sources.jar | *-javadoc.jar) ;;
        *) [[ -f "$jar" ]] && { echo "$jar"; return; } ;;
      esac
    done
    return 0
  }

  local jar changed="" built_with="$root/$module/target/.actionstream-build-args"
  local want="${ACTIONSTREAM_BUILD_ARGS:-}" had=""
  jar="$(find_jar)"
  [[ -f "$built_with" ]] && had="$(<"$built_with")"
  if [[ -n "$jar" && -d "$root/$module/target/lib" ]]; then
    # shellcheck disable=SC2046
    changed="$(newer_source "$root" "$jar" $(module_closure "$root" "$module"))"
    if [[ -z "$changed" && "$had" != "$want" ]]; then
      changed="ACTIONSTREAM_BUILD_ARGS '$had' -> '$want'"
    fi
  fi
  if [[ -z "$jar" || ! -d "$root/$module/target/lib" || -n "$changed" ]]; then
    local args="-q -pl $module -am package -DskipTests ${ACTIONSTREAM_BUILD_ARGS:-}"
    echo "$name: building $module (./mvnw ${args% })${changed:+, changed: ${changed#"$root"/}}..." >&2
    # shellcheck disable=SC2086
    (cd "$root" && ./mvnw $args) >&2
    jar="$(find_jar)"
    if [[ -z "$jar" ]]; then
      echo "$name: build finished but no $module/target/actionstream-$module-*.jar" >&2
      exit 1
    fi
    # Maven leaves an up-to-date jar alone (e.g. when only a dependency changed): mark it built now.
    touch "$jar"
    printf '%s' "$want" >"$built_with"
  fi
  # shellcheck disable=SC2086
  exec java ${ACTIONSTREAM_JAVA_OPTS:-} -jar "$jar" "$@"
}
