#!/usr/bin/env bash
# Records a /proc fixture from this host (see resources/fixtures/README.md):
#   inspect-core/src/test/record-fixture.sh OUTFILE [PID...]
# Run as root to see every process. Builds inspect-core's jars first when they are missing
# (set REBUILD=1 to force); extra Maven flags can be given in MVN_FLAGS (e.g. MVN_FLAGS=-o).
set -euo pipefail
core="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
target="$core/target"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ $# -lt 1 ]; then
  echo "usage: $0 OUTFILE [PID...]" >&2
  exit 2
fi

tests_jar=$(ls "$target"/inspect-core-*-tests.jar 2>/dev/null | head -n1 || true)
if [ -z "$tests_jar" ] || [ ! -f "$target/classpath.txt" ] || [ -n "${REBUILD:-}" ]; then
  echo "record-fixture: building inspect-core (mvn -DskipTests package)..." >&2
  (cd "$core/.." && mvn -q -B ${MVN_FLAGS:-} -DskipTests package -pl inspect-core >&2)
  (cd "$core" && mvn -q -B ${MVN_FLAGS:-} dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$target/classpath.txt" >&2)
  tests_jar=$(ls "$target"/inspect-core-*-tests.jar | head -n1)
fi
main_jar="${tests_jar%-tests.jar}.jar"
exec "$java" -cp "$main_jar:$tests_jar:$(cat "$target/classpath.txt")" dev.jns.core.testing.RecordFixture "$@"
