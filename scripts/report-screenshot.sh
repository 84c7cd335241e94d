#!/bin/sh
# Renders docs/report.png: two nights of a real census of the test fixture web
# (src/test/java/dev/mppcensus/report/ReportScreenshotFleet.java), `report html`, then headless Chromium.
#
#   MPP_TEST_DB_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' scripts/report-screenshot.sh
#   (without MPP_TEST_DB_URL the fleet runs on an embedded PostgreSQL in a temporary directory)
#
# The fleet runs on the JDK 25 that the Maven toolchains plugin selects; needs `chromium` on PATH.
set -eu
cd "$(dirname "$0")/.."
html="$PWD/target/report-screenshot.html"
./mvnw -q -B test-compile org.codehaus.mojo:exec-maven-plugin:exec -Dexec.executable=java \
    -Dexec.classpathScope=test \
    -Dexec.args="--enable-native-access=ALL-UNNAMED -cp %classpath dev.mppcensus.report.ReportScreenshotFleet $html"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1000,1960 --screenshot="$PWD/docs/report.png" "file://$html"
