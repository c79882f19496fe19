# Shared by the bin/ launchers: builds a module's jar when it is missing or older than any source
# of the module or of core, then runs it. Usage (sourced): launch MODULE NAME "$@"
#   MODULE  Maven module directory (core, trainer, ...)
#   NAME    command name, for messages
# ACTIONSTREAM_JAVA_OPTS adds JVM options.

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

  local jar
  jar="$(find_jar)"
  if [[ -z "$jar" || ! -d "$root/$module/target/lib" ]] \
    || [[ -n "$(find "$root/$module/src/main" "$root/core/src/main" -type f -newer "$jar" -print -quit)" ]]; then
    echo "$name: building $module (./mvnw -q -pl $module -am package -DskipTests)..." >&2
    (cd "$root" && ./mvnw -q -pl "$module" -am package -DskipTests) >&2
    jar="$(find_jar)"
    if [[ -z "$jar" ]]; then
      echo "$name: build finished but no $module/target/actionstream-$module-*.jar" >&2
      exit 1
    fi
  fi
  # shellcheck disable=SC2086
  exec java ${ACTIONSTREAM_JAVA_OPTS:-} -jar "$jar" "$@"
}
